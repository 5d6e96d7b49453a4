/**
 * Which node pools the scheduler may put a pod on: a port of the filters that judge a node by
 * its labels, name and taints, over the pools of the target profile.
 *
 * Ported from (v1.27.16 and v1.37.2, the same logic in both):
 * - k8s.io/component-helpers scheduling/corev1/nodeaffinity/nodeaffinity.go (`GetRequiredNodeAffinity`,
 *   `RequiredNodeAffinity.Match`: the node selector, then the required terms, ORed; an empty term
 *   matches nothing; a term that does not parse matches nothing; `matchFields` only on
 *   `metadata.name`, `In`/`NotIn` with one value) and k8s.io/apimachinery pkg/labels/selector.go
 *   (`Requirement.Matches`: In, NotIn, Exists, DoesNotExist, Gt, Lt);
 * - k8s.io/component-helpers scheduling/corev1/helpers.go `FindMatchingUntoleratedTaint` and
 *   k8s.io/api core/v1/toleration.go `ToleratesTaint` (effect empty = every effect, key empty with
 *   Exists = every taint, operator empty = Equal; Lt/Gt only behind the alpha gate
 *   TaintTolerationComparisonOperators, off by default, so they tolerate nothing here);
 * - kubernetes pkg/scheduler/framework/plugins/tainttoleration (Filter: NoSchedule and NoExecute
 *   taints; PreferNoSchedule never refuses) and nodeaffinity (Filter), run in that order by the
 *   default profile (pkg/scheduler/apis/config/v1/default_plugins.go), so a node with an
 *   untolerated taint is counted under the taint;
 * - kubernetes plugin/pkg/admission/runtimeclass/admission.go `setScheduling` (the RuntimeClass's
 *   `scheduling.nodeSelector` merged into the pod's, a different value for one key refused, its
 *   tolerations added) and pkg/controller/daemon/util/daemonset_util.go
 *   `AddOrUpdateDaemonPodTolerations` (the tolerations a DaemonSet's pods get).
 *
 * The scheduler does not look at `spec.os`: a Linux pod the filters let onto a Windows node is
 * refused by that node's kubelet afterwards.
 */
import { buildOfLabel } from './placement';
import { isObject, JsonObject, PodSpecLocation } from '../../model/manifest';
import { NodePool, NodeTaint } from '../../model/node-pools';
import { HOSTNAME_LABEL, OS_LABELS, WINDOWS_BUILD_LABEL } from '../../model/windows';

/** A toleration as a pod spec holds it. */
interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** The tolerations the DaemonSet controller adds to its pods (the network one for host-network pods only). */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const DAEMON_HOST_NETWORK_TOLERATION: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/** What the scheduler judges a pod by, after admission: its node selector, required terms and tolerations. */
export interface SchedulingRequirements {
  /** The node selector, with the RuntimeClass's merged in. */
  readonly nodeSelector: { readonly [key: string]: string };
  /** Where each node selector entry comes from, for messages (`nodeSelector` or `RuntimeClass/x scheduling.nodeSelector`). */
  readonly selectorSource: { readonly [key: string]: string };
  /** `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, when set. */
  readonly terms?: readonly unknown[];
  readonly tolerations: readonly Toleration[];
  /** The RuntimeClass whose scheduling was merged in, if any. */
  readonly runtimeClass?: string;
}

/** Why the scheduling rules say nothing of a pod, or what they judge it by. */
export type SchedulingInput =
  | { readonly kind: 'requirements'; readonly requirements: SchedulingRequirements }
  /** The pod is never scheduled (`spec.nodeName`), or names a RuntimeClass the input does not hold. */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** The RuntimeClass admission controller refuses the pod: its node selector contradicts the RuntimeClass's. */
  | { readonly kind: 'refused'; readonly reason: string; readonly path: string };

/** A pool's verdict on a pod. */
export interface PoolVerdict {
  readonly pool: NodePool;
  /** Whether some node of the pool passes the filters. */
  readonly accepts: boolean;
  /** When it refuses for a taint: the untolerated taints, e.g. `os=windows:NoSchedule`. */
  readonly untoleratedTaints: readonly string[];
  /** When it refuses for its labels or name: what in the pod's placement does not match, e.g. `nodeSelector kubernetes.io/os: linux (the pool has kubernetes.io/os=windows)`. */
  readonly unmatched: readonly string[];
  /** Nodes of the pool the scheduler may use (its `nodeCount`, or 1 when not known, for an accepting pool). */
  readonly acceptingNodes: number;
}

/** The scheduling requirements of `pod` in `object`, with the RuntimeClass of `objects` merged in. */
export function schedulingInput(object: JsonObject, pod: PodSpecLocation, objects: readonly JsonObject[]): SchedulingInput {
  const spec = pod.spec;
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
    return { kind: 'unknown', reason: `the pod names its node (spec.nodeName: ${spec.nodeName}): the scheduler does not place it` };
  }
  const nodeSelector: { [key: string]: string } = {};
  const selectorSource: { [key: string]: string } = {};
  if (isObject(spec.nodeSelector)) {
    for (const [key, value] of Object.entries(spec.nodeSelector)) {
      nodeSelector[key] = String(value);
      selectorSource[key] = 'nodeSelector';
    }
  }
  let tolerations: Toleration[] = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isObject) : [];
  let runtimeClass: string | undefined;
  const name = spec.runtimeClassName;
  if (typeof name === 'string' && name !== '') {
    const found = objects.find(o => o.kind === 'RuntimeClass' && o.metadata?.name === name);
    if (!found) return { kind: 'unknown', reason: `the RuntimeClass '${name}' is not in the input: its scheduling is not known` };
    runtimeClass = name;
    const scheduling = isObject(found.scheduling) ? found.scheduling : {};
    if (isObject(scheduling.nodeSelector)) {
      for (const [key, value] of Object.entries(scheduling.nodeSelector)) {
        if (key in nodeSelector && nodeSelector[key] !== String(value)) {
          return {
            kind: 'refused',
            path: `${pod.path}.nodeSelector[${key}]`,
            reason: `the RuntimeClass admission controller refuses the pod: RuntimeClass/${name} scheduling.nodeSelector[${key}] = ${value}, but the pod's nodeSelector[${key}] = ${nodeSelector[key]}`,
          };
        }
        nodeSelector[key] = String(value);
        selectorSource[key] = `RuntimeClass/${name} scheduling.nodeSelector`;
      }
    }
    if (Array.isArray(scheduling.tolerations)) tolerations = [...tolerations, ...scheduling.tolerations.filter(isObject)];
  }
  if (object.kind === 'DaemonSet') {
    tolerations = [...tolerations, ...DAEMON_TOLERATIONS, ...(spec.hostNetwork === true ? [DAEMON_HOST_NETWORK_TOLERATION] : [])];
  }
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = isObject(required) ? (Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : []) : undefined;
  return { kind: 'requirements', requirements: { nodeSelector, selectorSource, terms, tolerations, runtimeClass } };
}

/** `ToleratesTaint` (k8s.io/api core/v1/toleration.go), with the comparison operators' gate off. */
export function toleratesTaint(toleration: Toleration, taint: NodeTaint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** `key=value:Effect`, as kubectl prints a taint. */
export function describeTaint(taint: NodeTaint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** The NoSchedule and NoExecute taints of `taints` that no toleration tolerates. */
function untolerated(taints: readonly NodeTaint[], tolerations: readonly Toleration[]): NodeTaint[] {
  return taints.filter(taint => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute')
    && !tolerations.some(t => toleratesTaint(t, taint)));
}

/** A node as the filters see it: labels and name (the name unknown for a pool described without node names). */
interface NodeView {
  readonly labels: { readonly [key: string]: string };
  readonly name?: string;
}

/** `Requirement.Matches` (apimachinery labels/selector.go) for one expression, or a parse error (the term then matches nothing). */
function expressionMatches(expression: JsonObject, labels: NodeView['labels']): boolean | 'invalid' {
  const key = expression.key;
  const values: unknown[] = Array.isArray(expression.values) ? expression.values : [];
  if (typeof key !== 'string' || key === '' || !values.every(v => typeof v === 'string')) return 'invalid';
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (expression.operator) {
    case 'In':
      if (values.length === 0) return 'invalid';
      return has && values.includes(labels[key]);
    case 'NotIn':
      if (values.length === 0) return 'invalid';
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return values.length === 0 ? has : 'invalid';
    case 'DoesNotExist':
      return values.length === 0 ? !has : 'invalid';
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !/^[+-]?\d+$/.test(values[0] as string)) return 'invalid';
      if (!has || !/^[+-]?\d+$/.test(labels[key])) return false;
      const label = BigInt(labels[key]);
      const bound = BigInt(values[0] as string);
      return expression.operator === 'Gt' ? label > bound : label < bound;
    }
    default:
      return 'invalid';
  }
}

/** `metadata.name` field requirements (`In`/`NotIn`, one value each); 'unknown' when the node's name is not known. */
function fieldMatches(expression: JsonObject, node: NodeView): boolean | 'invalid' | 'unknown' {
  const values: unknown[] = Array.isArray(expression.values) ? expression.values : [];
  if ((expression.operator !== 'In' && expression.operator !== 'NotIn') || values.length !== 1) return 'invalid';
  // A node has no other field: the selector reads it as empty (the API server refuses other keys anyway).
  if (expression.key !== 'metadata.name') return expression.operator === 'In' ? values[0] === '' : values[0] !== '';
  if (node.name === undefined) return 'unknown';
  return expression.operator === 'In' ? node.name === values[0] : node.name !== values[0];
}

function describeExpression(expression: JsonObject): string {
  const values = Array.isArray(expression.values) ? ` [${expression.values.join(', ')}]` : '';
  return `${expression.key} ${expression.operator}${values}`;
}

function describeLabel(labels: NodeView['labels'], key: string): string {
  return Object.prototype.hasOwnProperty.call(labels, key) ? `${key}=${labels[key]}` : `no label ${key}`;
}

/**
 * Whether one node passes the node selector and the required terms, or what does not match:
 * `undefined` when it passes, 'unknown' when a term on `metadata.name` cannot be judged.
 */
function unmatchedOn(requirements: SchedulingRequirements, node: NodeView): string[] | 'unknown' {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(requirements.nodeSelector)) {
    if (node.labels[key] !== value) {
      problems.push(`${requirements.selectorSource[key]} ${key}: ${value} (the node has ${describeLabel(node.labels, key)})`);
    }
  }
  if (requirements.terms === undefined) return problems;
  const termProblems: string[] = [];
  let unknown = false;
  let matched = false;
  requirements.terms.forEach((term, i) => {
    if (matched) return;
    const expressions: unknown[] = isObject(term) && Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
    const fields: unknown[] = isObject(term) && Array.isArray(term.matchFields) ? term.matchFields : [];
    if (expressions.length === 0 && fields.length === 0) {
      termProblems.push(`term ${i} is empty (it matches no node)`);
      return;
    }
    const results = [
      ...expressions.map(e => ({ e, r: isObject(e) ? expressionMatches(e, node.labels) : 'invalid' as const, field: false })),
      ...fields.map(e => ({ e, r: isObject(e) ? fieldMatches(e, node) : 'invalid' as const, field: true })),
    ];
    const invalid = results.find(x => x.r === 'invalid');
    if (invalid) {
      termProblems.push(`term ${i} does not parse (${isObject(invalid.e) ? describeExpression(invalid.e) : JSON.stringify(invalid.e)}), so it matches no node`);
      return;
    }
    const failed = results.find(x => x.r === false);
    if (failed) {
      const e = failed.e as JsonObject;
      termProblems.push(`term ${i}: ${describeExpression(e)} (the node has ${failed.field ? `name ${node.name}` : describeLabel(node.labels, e.key)})`);
      return;
    }
    if (results.some(x => x.r === 'unknown')) {
      unknown = true;
      return;
    }
    matched = true;
  });
  if (!matched && unknown) return 'unknown';
  if (!matched) problems.push(`required node affinity: ${termProblems.length > 0 ? termProblems.join('; ') : 'no nodeSelectorTerms (it matches no node)'}`);
  return problems;
}

/**
 * Each pool's verdict on a pod. A pool with node names is judged node by node (a node's
 * `kubernetes.io/hostname` is its name unless the pool sets the label); it accepts the pod when
 * one node does. A pool whose answer depends on node names it does not list is left out.
 */
export function poolVerdicts(requirements: SchedulingRequirements, pools: readonly NodePool[]): PoolVerdict[] {
  const verdicts: PoolVerdict[] = [];
  for (const pool of pools) {
    const labels = pool.labels ?? {};
    const untoleratedTaints = untolerated(pool.taints ?? [], requirements.tolerations).map(describeTaint);
    const nodes: NodeView[] = pool.nodeNames && pool.nodeNames.length > 0
      ? pool.nodeNames.map(name => ({ name, labels: HOSTNAME_LABEL in labels ? labels : { ...labels, [HOSTNAME_LABEL]: name } }))
      : [{ labels }];
    let accepting = 0;
    const refusals: Array<{ node: NodeView; result: string[] }> = [];
    let unknown = false;
    for (const node of nodes) {
      const result = unmatchedOn(requirements, node);
      if (result === 'unknown') {
        unknown = true;
      } else if (result.length === 0) {
        accepting++;
      } else {
        refusals.push({ node, result });
      }
    }
    // Nodes that all refuse for the same reason: the pool's; else the first node's, by name.
    const same = refusals.every(r => JSON.stringify(r.result) === JSON.stringify(refusals[0].result));
    const unmatched = refusals.length === 0 ? undefined : same && refusals.length === nodes.length
      ? refusals[0].result
      : refusals[0].result.map(r => r.replace('the node has', `node ${refusals[0].node.name} has`));
    if (unknown && accepting === 0) continue;
    const byLabels = accepting > 0;
    const accepts = byLabels && untoleratedTaints.length === 0;
    const perNode = pool.nodeNames && pool.nodeNames.length > 0 ? 1 : (pool.nodeCount ?? 1);
    verdicts.push({
      pool,
      accepts,
      untoleratedTaints,
      unmatched: byLabels ? [] : (unmatched ?? []).map(u => u.replace('the node has', 'the pool has')),
      acceptingNodes: accepts ? accepting * perNode : 0,
    });
  }
  return verdicts;
}

/** Whether a pool's nodes run Windows (`kubernetes.io/os: windows`, or the legacy beta label). */
export function isWindowsPool(pool: NodePool): boolean {
  const labels = pool.labels ?? {};
  return OS_LABELS.some(label => labels[label] === 'windows');
}

/** The Windows build of a pool (`node.kubernetes.io/windows-build`), if it has one. */
export function poolBuild(pool: NodePool): number | undefined {
  const value = pool.labels?.[WINDOWS_BUILD_LABEL];
  return typeof value === 'string' ? buildOfLabel(value) : undefined;
}

/** Why a pool refuses a pod, in words: `pool 'x' refuses it: taint os=windows:NoSchedule is not tolerated`. */
export function describeRefusal(verdict: PoolVerdict): string {
  const reasons = [
    ...(verdict.untoleratedTaints.length > 0 ? [`it does not tolerate the taint${verdict.untoleratedTaints.length > 1 ? 's' : ''} ${verdict.untoleratedTaints.join(', ')}`] : []),
    ...(verdict.unmatched.length > 0 ? [`its placement does not match: ${verdict.unmatched.join('; ')}`] : []),
  ];
  return `pool '${verdict.pool.name}': ${reasons.join(', and ')}`;
}
/** What the scheduling rules stand on, said once for the three of them. */
export const SCHEDULING_SOURCES = 'k8s.io/component-helpers scheduling/corev1/nodeaffinity/nodeaffinity.go (GetRequiredNodeAffinity, RequiredNodeAffinity.Match, newNodeSelectorTerm, nodeSelectorRequirementsAsFieldSelector) and scheduling/corev1/helpers.go (FindMatchingUntoleratedTaint); k8s.io/apimachinery pkg/labels/selector.go (Requirement.Matches); k8s.io/api core/v1/toleration.go (ToleratesTaint); kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go and nodeaffinity/node_affinity.go (Filter), pkg/scheduler/apis/config/v1/default_plugins.go (filter order), plugin/pkg/admission/runtimeclass/admission.go (setScheduling), pkg/controller/daemon/util/daemonset_util.go (AddOrUpdateDaemonPodTolerations) (v1.27.16, v1.37.2); kubernetes.io concepts/windows/user-guide (taints and tolerations, RuntimeClass scheduling) and concepts/scheduling-eviction/taint-and-toleration (1.27 and newest docs); the verdicts equal kube-scheduler\'s (and the DaemonSet controller\'s) on 25 cases, 1.27.16 and 1.37.2';

/** When the scheduling rules run. */
export const SCHEDULING_GATING = 'Only when the target has node pools (the profile\'s nodePools, the CLI\'s --nodes or --cluster). Not for pods that name their node (spec.nodeName), nor for pods whose RuntimeClass is not in the input (its scheduling is not known). A pool described without node names is not judged on a required node affinity on metadata.name. The scheduler does not look at spec.os: a pod is judged by its node selector, required node affinity, tolerations and RuntimeClass only.';
