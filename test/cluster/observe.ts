// What the tests read back from a test cluster: pods, their nodes, the scheduler's and the
// controllers' events.
import { TestCluster, waitFor } from './harness';

/** A pod and the node it is bound to (undefined while Pending). */
export interface PlacedPod {
  readonly pod: any;
  readonly node?: any;
}

/** The pods of a namespace with their nodes. */
export function placedPods(cluster: TestCluster, namespace: string, nodes: any[] = cluster.get('nodes')): PlacedPod[] {
  return cluster.get('pods', namespace).map(pod => ({ pod, node: nodes.find(n => n.metadata.name === pod.spec.nodeName) }));
}

export function nodeOs(node: any): string | undefined {
  return node?.metadata.labels['kubernetes.io/os'];
}

export function nodeBuild(node: any): string | undefined {
  return node?.metadata.labels['node.kubernetes.io/windows-build'];
}

/** The messages of the events of a namespace with `reason`, involving objects of `kind` when given. */
export function eventMessages(cluster: TestCluster, namespace: string, reason: string, kind?: string): string[] {
  return cluster.get('events', namespace)
    .filter(e => e.reason === reason && (!kind || e.involvedObject?.kind === kind))
    .map(e => String(e.message));
}

/** Waits until `count` pods exist in the namespace and every one is bound to a node. */
export function waitForBoundPods(cluster: TestCluster, namespace: string, count: number, seconds = 90): void {
  waitFor(() => {
    const pods = cluster.get('pods', namespace);
    return pods.length >= count && pods.every(p => p.spec.nodeName);
  }, seconds, `${count} bound pods in namespace ${namespace}`);
}

/** Waits until the namespace has an event with `reason` (FailedScheduling, FailedCreate...). */
export function waitForEvent(cluster: TestCluster, namespace: string, reason: string, kind?: string, seconds = 90): string[] {
  let messages: string[] = [];
  waitFor(() => (messages = eventMessages(cluster, namespace, reason, kind)).length > 0, seconds, `a ${reason} event in namespace ${namespace}`);
  return messages;
}
