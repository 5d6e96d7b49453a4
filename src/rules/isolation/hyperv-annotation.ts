import { isObject, PodSpecLocation } from '../../check/manifest';

/** The seed-era pod annotation that asked dockershim for Hyper-V isolation (Kubernetes 1.10 to 1.20). */
export const HYPERV_ISOLATION_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';
/** The only value dockershim honoured (compared exactly). */
export const HYPERV_ISOLATION_VALUE = 'hyperv';

/** Dotted path of the metadata that goes with a pod spec: `spec.template.metadata`, or `metadata` for a Pod. */
export function podMetadataPath(pod: PodSpecLocation): string {
  return pod.path === 'spec' ? 'metadata' : pod.path.replace(/\.spec$/, '.metadata');
}

/** The legacy Hyper-V annotation on the pod (template) metadata when it asks for Hyper-V, with its path. */
export function legacyHyperVAnnotation(pod: PodSpecLocation): { path: string } | undefined {
  const annotations = pod.metadata.annotations;
  if (!isObject(annotations) || annotations[HYPERV_ISOLATION_ANNOTATION] !== HYPERV_ISOLATION_VALUE) return undefined;
  return { path: `${podMetadataPath(pod)}.annotations[${HYPERV_ISOLATION_ANNOTATION}]` };
}
