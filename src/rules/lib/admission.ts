import { JsonObject } from '../../model/manifest';

/** The Kubernetes minor from which the PodSecurity admission plugin is on by default (beta in 1.23, GA in 1.25). */
export const POD_SECURITY_DEFAULT_ON_MINOR = 23;

/** What happens to an object a pod-admission check refuses the pods of: a Pod is refused, other workloads are accepted and their pods refused. */
export function refusalOf(object: JsonObject): string {
  const kind = String(object.kind ?? 'object');
  return kind === 'Pod' ? 'the API server refuses this Pod' : `the API server accepts this ${kind} but refuses every pod it creates`;
}

/** The namespace a workload's pods are created in: its own, or undefined when the manifest sets none. */
export function workloadNamespace(object: JsonObject): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}
