import { Severity, UNNAMED } from '../../model/finding';
import { findPodSpec, isObject, JsonObject } from '../../model/manifest';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule } from '../rule';

/** The most endpoints a Windows node load-balances one Service to (64 until Windows raised it). */
const MAX_BACKENDS = 1024;
/** Kinds whose pod count is `spec.replicas` (default 1). */
const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

function namespaceOf(object: JsonObject): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' && namespace ? namespace : undefined;
}

function nameOf(object: JsonObject): string {
  return typeof object.metadata?.name === 'string' ? object.metadata.name : UNNAMED;
}

/** Same namespace, or either one unset (a manifest without a namespace goes to the one it is applied to). */
function sameNamespace(a: JsonObject, b: JsonObject): boolean {
  const x = namespaceOf(a);
  const y = namespaceOf(b);
  return x === undefined || y === undefined || x === y;
}

/** The most replicas a HorizontalPodAutoscaler among `objects` may scale `workload` to. */
function autoscaledMaximum(workload: JsonObject, objects: JsonObject[]): { max: number; name: string } | undefined {
  for (const hpa of objects) {
    if (hpa.kind !== 'HorizontalPodAutoscaler' || !isObject(hpa.spec) || !sameNamespace(hpa, workload)) continue;
    const target = hpa.spec.scaleTargetRef;
    if (isObject(target) && target.kind === workload.kind && target.name === nameOf(workload) && typeof hpa.spec.maxReplicas === 'number') {
      return { max: hpa.spec.maxReplicas, name: nameOf(hpa) };
    }
  }
  return undefined;
}

export const maxServiceBackends: Rule = {
  name: 'max-service-backends',
  severity: Severity.WARNING,
  summary: 'The workloads a Service selects (among the objects checked together) run more than 1,024 pods in total.',
  why: 'Windows nodes do not support more than 1,024 backend pods (unique destination addresses) for one Service: the Windows load balancer (HNS) cannot spread traffic over more. The limit was 64 before Microsoft raised it (microsoft/Windows-Containers#93); the Kubernetes docs said 64 until about 1.35.',
  remediation: 'Keep a Service\'s backends at 1,024 pods or fewer (replicas, and HorizontalPodAutoscaler `maxReplicas`); split the workload behind several Services, or front it with an ingress controller that balances to the pods.',
  docsUrl: DOCS.networkingLimitations,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Counts, among the objects checked together, the workloads in the Service\'s namespace whose pod template labels match its selector: Deployment, StatefulSet, ReplicaSet and ReplicationController `replicas` (default 1; raised to a HorizontalPodAutoscaler\'s `maxReplicas` when one targets the workload), a bare Pod as 1. DaemonSets (one pod per node) and Jobs are not counted; objects with ownerReferences are skipped (their owner is counted). Runs on every Service the engine is given.',
  sources: 'kubernetes.io concepts/services-networking/windows-networking #limitations (1.27 docs: 64; newest docs: 1,024); microsoft/Windows-Containers#93; kubernetes/kubernetes#135518',
  admission: {
    unsupported: 'It counts the replicas of every workload the Service selects (and their autoscalers): other objects, which a policy on the Service cannot see.',
  },
  checkService: ({ object, objects }) => {
    const selector = object.spec.selector;
    if (!isObject(selector)) return [];
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return [];
    let total = 0;
    const parts: string[] = [];
    for (const workload of objects) {
      if (workload === object || !sameNamespace(workload, object)) continue;
      if (Array.isArray(workload.metadata?.ownerReferences) && workload.metadata.ownerReferences.length > 0) continue;
      const counted = workload.kind === 'Pod' || REPLICATED_KINDS.includes(workload.kind);
      if (!counted) continue;
      const pod = findPodSpec(workload);
      const labels = workload.kind === 'Pod' ? workload.metadata?.labels : pod?.metadata.labels;
      if (!isObject(labels) || !pairs.every(([key, value]) => labels[key] === value)) continue;
      let count = workload.kind === 'Pod' ? 1 : typeof workload.spec?.replicas === 'number' ? workload.spec.replicas : 1;
      let detail = `${count} ${count === 1 ? 'replica' : 'replicas'}`;
      const autoscaled = workload.kind === 'Pod' ? undefined : autoscaledMaximum(workload, objects);
      if (autoscaled && autoscaled.max > count) {
        detail = `up to ${autoscaled.max} replicas with HorizontalPodAutoscaler/${autoscaled.name}`;
        count = autoscaled.max;
      }
      total += count;
      parts.push(`${workload.kind}/${nameOf(workload)} (${detail})`);
    }
    if (total <= MAX_BACKENDS) return [];
    return [{
      path: 'spec.selector',
      message: `Service selects ${total.toLocaleString('en-US')} backend pods, more than ${MAX_BACKENDS.toLocaleString('en-US')}: ${parts.join(', ')}`,
    }];
  },
};
