/**
 * `WindowsNodePool`: node pools described by hand (a Windows pool of a Windows Server version, a
 * Linux pool) or read from Node objects (`kubectl get nodes -o yaml`).
 */
import { isObject } from './manifest';
import { taintProblem } from './node-pool-checks';
import { NodePool, NodeTaint, TaintEffect } from './node-pools';
import { WindowsServerVersion } from './profile';
import { AKS_OS_SKU_LABEL, HOSTNAME_LABEL, WINDOWS_BUILD_LABEL } from './windows';

/** Options of a pool made by `WindowsNodePool.windows` or `WindowsNodePool.linux`. */
export interface NodePoolOptions {
  /**
   * Labels besides the ones the factory writes (they win over them).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Taints besides the one the factory writes.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * How many nodes the pool has.
   * @default - not known
   */
  readonly nodeCount?: number;
  /**
   * The names of the pool's nodes.
   * @default - not known
   */
  readonly nodeNames?: string[];
  /**
   * The CPU architecture (`kubernetes.io/arch`).
   * @default 'amd64'
   */
  readonly architecture?: string;
}

/** Options of a Windows pool. */
export interface WindowsNodePoolOptions extends NodePoolOptions {
  /**
   * Taint the nodes `os=windows:NoSchedule`, as the Kubernetes guide to Windows scheduling
   * suggests (AKS and EKS do not taint their Windows pools by default).
   * @default false
   */
  readonly windowsTaint?: boolean;
  /**
   * The AKS OS SKU (`kubernetes.azure.com/os-sku`), e.g. `Windows2022`.
   * @default - no OS SKU label
   */
  readonly osSku?: string;
}

/** The label of a node's OS. */
const OS_LABEL = 'kubernetes.io/os';
const ARCH_LABEL = 'kubernetes.io/arch';
/** The taint the Kubernetes guide puts on Windows nodes. */
const WINDOWS_TAINT: NodeTaint = { key: 'os', value: 'windows', effect: TaintEffect.NO_SCHEDULE };

/**
 * Taints the node lifecycle controller and the kubelet put on nodes by their condition (not
 * ready, unreachable, cordoned, under pressure, uninitialized): a node's state, not its pool's.
 * `fromNodes` leaves them out.
 */
const CONDITION_TAINTS = new Set([
  'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/out-of-service', 'node.cloudprovider.kubernetes.io/uninitialized',
  'node.cloudprovider.kubernetes.io/shutdown',
]);

/** Labels that name the pool a node belongs to, on the managed platforms. */
const POOL_NAME_LABELS = [
  'kubernetes.azure.com/agentpool', 'agentpool', 'eks.amazonaws.com/nodegroup', 'alpha.eksctl.io/nodegroup-name',
  'cloud.google.com/gke-nodepool', 'karpenter.sh/nodepool', 'node.openshift.io/os_id',
];

/**
 * Node pools: Windows and Linux pools described by hand, and pools read from Node objects.
 */
export class WindowsNodePool {
  /**
   * A Windows pool of `version`: `kubernetes.io/os: windows`, `kubernetes.io/arch`,
   * `node.kubernetes.io/windows-build: 10.0.<build>`, and optionally the `os=windows:NoSchedule`
   * taint and AKS's `kubernetes.azure.com/os-sku`.
   */
  public static windows(name: string, version: WindowsServerVersion, options: WindowsNodePoolOptions = {}): NodePool {
    return {
      name,
      labels: {
        [OS_LABEL]: 'windows',
        [ARCH_LABEL]: options.architecture ?? 'amd64',
        [WINDOWS_BUILD_LABEL]: version.buildLabel,
        ...(options.osSku !== undefined ? { [AKS_OS_SKU_LABEL]: options.osSku } : {}),
        ...options.labels,
      },
      taints: [...(options.windowsTaint ? [WINDOWS_TAINT] : []), ...(options.taints ?? [])],
      ...(options.nodeCount !== undefined ? { nodeCount: options.nodeCount } : {}),
      ...(options.nodeNames !== undefined ? { nodeNames: options.nodeNames } : {}),
    };
  }

  /** A Linux pool: `kubernetes.io/os: linux` and `kubernetes.io/arch`. */
  public static linux(name: string, options: NodePoolOptions = {}): NodePool {
    return {
      name,
      labels: { [OS_LABEL]: 'linux', [ARCH_LABEL]: options.architecture ?? 'amd64', ...options.labels },
      taints: [...(options.taints ?? [])],
      ...(options.nodeCount !== undefined ? { nodeCount: options.nodeCount } : {}),
      ...(options.nodeNames !== undefined ? { nodeNames: options.nodeNames } : {}),
    };
  }

  /**
   * The pools of Node objects as `kubectl get nodes -o yaml` (or `-o json`) prints them: a
   * `List` or `NodeList`, one Node, or an array of Nodes and lists (the documents of a stream).
   * Nodes with the same labels (but `kubernetes.io/hostname`) and taints (but those of a node's
   * condition: not ready, cordoned, under pressure...) make one pool, named by its agent pool,
   * node group or node pool label when there is one, else by its nodes' names.
   *
   * @throws when an item is not a Node, or a Node's labels or taints are malformed (the message names the node)
   */
  public static fromNodes(nodes: any): NodePool[] {
    const items: any[] = [];
    const collect = (value: unknown, where: string): void => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => collect(v, `${where}[${i}]`));
      } else if (isObject(value) && Array.isArray(value.items) && typeof value.kind === 'string' && value.kind.endsWith('List')) {
        value.items.forEach((v: unknown, i: number) => collect(v, `${where}items[${i}]`));
      } else if (isObject(value) && value.kind === 'Node') {
        items.push(value);
      } else {
        const what = isObject(value) ? (typeof value.kind === 'string' ? `a ${value.kind}` : 'an object without kind') : JSON.stringify(value);
        throw new Error(`${where || 'the input'} is ${what}, not a Node`);
      }
    };
    collect(nodes, '');
    const groups = new Map<string, { labels: { [key: string]: string }; taints: NodeTaint[]; names: string[] }>();
    for (const [index, node] of items.entries()) {
      const name = typeof node.metadata?.name === 'string' && node.metadata.name ? node.metadata.name : undefined;
      const where = name ? `Node '${name}'` : `the Node at position ${index + 1}`;
      if (!name) throw new Error(`${where} has no metadata.name`);
      const rawLabels = node.metadata?.labels ?? {};
      if (!isObject(rawLabels)) throw new Error(`${where}: metadata.labels is not a mapping`);
      const labels: { [key: string]: string } = {};
      for (const key of Object.keys(rawLabels).sort()) {
        if (typeof rawLabels[key] !== 'string') throw new Error(`${where}: label '${key}' is not a string`);
        if (key === HOSTNAME_LABEL && rawLabels[key] === name) continue;
        labels[key] = rawLabels[key];
      }
      const rawTaints = node.spec?.taints ?? [];
      if (!Array.isArray(rawTaints)) throw new Error(`${where}: spec.taints is not a list`);
      const taints: NodeTaint[] = [];
      rawTaints.forEach((taint: unknown, i: number) => {
        const problem = taintProblem(taint);
        if (problem) throw new Error(`${where}: spec.taints[${i}]: ${problem}`);
        const t = taint as NodeTaint;
        if (CONDITION_TAINTS.has(t.key)) return;
        taints.push({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect });
      });
      taints.sort((a, b) => `${a.key}=${a.value ?? ''}:${a.effect}`.localeCompare(`${b.key}=${b.value ?? ''}:${b.effect}`));
      const key = JSON.stringify([labels, taints]);
      const group = groups.get(key) ?? { labels, taints, names: [] };
      group.names.push(name);
      groups.set(key, group);
    }
    const used = new Set<string>();
    return [...groups.values()].map(group => {
      const base = POOL_NAME_LABELS.map(l => group.labels[l]).find(v => typeof v === 'string' && v !== '')
        ?? (group.names.length === 1 ? group.names[0] : commonName(group.names));
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      return { name, labels: group.labels, taints: group.taints, nodeCount: group.names.length, nodeNames: group.names };
    });
  }

  private constructor() {}
}

/** The longest common prefix of node names, without trailing digits and separators; else the first name. */
function commonName(names: string[]): string {
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/[0-9]+$/, '').replace(/[-_.]+$/, '');
  return prefix.length >= 2 ? prefix : names[0];
}

