/**
 * The check plan the entry points for manifests the library did not write share (`checkChart`,
 * the validation plugin, the command-line checker, `WindowsRules.checkManifests`; synthesis checks
 * the constructs' own objects with it too): the one place that decides which objects are
 * Windows workloads, which Services front them, which objects are outside the rules (kinds
 * without rules, unknown kinds and CRDs), and what rules that look across objects see.
 *
 * The decision (see `planFor`):
 * - a workload whose pod targets Windows (or every workload with `assumeWindows`): the full catalog;
 * - any other workload: the placement rules that run on every workload (`EVERY_WORKLOAD_RULES`),
 *   which exist precisely to catch pods that run Windows images without Windows placement, or that
 *   contradict their own placement, and the scheduling rules that do (`NODES_EVERY_WORKLOAD_RULES`:
 *   with the target's node pools, a pod no pool accepts, a Linux pod a Windows pool accepts);
 * - a Service that selects the pod template of a Windows workload in the input (or every Service
 *   with `assumeWindows`): the full catalog (only Service rules apply to it);
 * - anything else: no rules. Built-in kinds (ConfigMap, Secret, ...) count as checked and clean;
 *   kinds from other API groups (CRDs and their instances) are skipped and counted.
 *
 * Rules that look across objects see: for a Service, the workloads it selects (as skeletons, see
 * `skeletonOf`) and every `CONTEXT_KINDS` object of the input (HorizontalPodAutoscalers...); for a
 * workload that names a claim, RuntimeClass or gMSA credential spec, or that Pod Security rules
 * judge in a namespace it sets (whose Namespace object may hold Pod Security labels), every
 * `CONTEXT_KINDS` object; for any other workload, itself. A profile's `podSecurity` (namespaces the input does not hold) reaches the
 * rules through the profile.
 */
import { CATALOG } from './catalog';
import { runRules } from './run-rules';
import { Finding } from '../model/finding';
import { findPodSpec, isObject, JsonObject, podSpecSegments, PodSpecLocation, WORKLOAD_KINDS } from '../model/manifest';
import { TargetProfile } from '../model/profile';
import { isGmsaCredentialSpec } from '../rules/lib/gmsa';
import { podTargetsWindows } from '../rules/lib/placement';
import { NAMESPACE_LABEL_RULES } from '../rules/namespace';
import { NODES_EVERY_WORKLOAD_RULES } from '../rules/nodes';
import { EVERY_WORKLOAD_RULES } from '../rules/placement';
import { Rule } from '../rules/rule';

/** API groups served by the Kubernetes API server itself (`''` is the core group, `v1`). */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps',
  'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/** How the checker treats one object. */
export enum ObjectCategory {
  /** A built-in kind with a pod spec (Pod, Deployment, CronJob, ...). */
  WORKLOAD = 'workload',
  /** A core/v1 Service. */
  SERVICE = 'service',
  /** A built-in kind no rule looks at (ConfigMap, Secret, ...): checked, and clean. */
  NO_RULES = 'no-rules',
  /** A kind from an API group the API server does not serve itself (CRDs): skipped. */
  UNKNOWN_KIND = 'unknown-kind',
  /** A mapping without a string `apiVersion` and `kind` (Helm values, Chart.yaml, ...): skipped. */
  NOT_KUBERNETES = 'not-kubernetes',
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `''`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether `object` is a `List` (`v1 List`, or any built-in `XxxList`) whose items are objects to check. */
export function isList(object: JsonObject): boolean {
  return typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)
    && typeof object.apiVersion === 'string' && BUILT_IN_GROUPS.has(apiGroupOf(object.apiVersion));
}

/** Which category `object` falls in. */
export function classify(object: JsonObject): ObjectCategory {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.apiVersion || !object.kind) {
    return ObjectCategory.NOT_KUBERNETES;
  }
  if (!BUILT_IN_GROUPS.has(apiGroupOf(object.apiVersion))) return ObjectCategory.UNKNOWN_KIND;
  if (WORKLOAD_KINDS.includes(object.kind)) return ObjectCategory.WORKLOAD;
  if (object.kind === 'Service' && object.apiVersion === 'v1') return ObjectCategory.SERVICE;
  return ObjectCategory.NO_RULES;
}

/** What `planFor` needs besides the object. */
export interface TargetOptions {
  /** Treat every pod as a Windows pod and every Service as fronting one (`--assume-windows`). */
  readonly assumeWindows?: boolean;
  /** For Services: whether the Service selects a Windows workload of the input. */
  readonly selectsWindowsPods?: (service: JsonObject) => boolean;
}

/** How the checker treats one object: its category, the rules to run, and whether its pod targets Windows. */
export interface CheckPlan {
  readonly category: ObjectCategory;
  /** The rules to run on it (empty when none apply). */
  readonly rules: readonly Rule[];
  /** For workloads: whether its pod targets Windows (or is assumed to). */
  readonly windows: boolean;
  /** For workloads: the pod spec the decision was made on. */
  readonly pod?: PodSpecLocation;
}

const NO_RULES: readonly Rule[] = [];
/** The rules of a workload that does not target Windows: placement, and scheduling on the target's node pools. */
const OTHER_WORKLOAD_RULES: readonly Rule[] = [...EVERY_WORKLOAD_RULES, ...NODES_EVERY_WORKLOAD_RULES];

/** The plan for `object`. This is the decision described in the module comment. */
export function planFor(object: JsonObject, options: TargetOptions = {}): CheckPlan {
  const category = classify(object);
  switch (category) {
    case ObjectCategory.WORKLOAD: {
      const pod = findPodSpec(object);
      if (!pod) return { category, rules: NO_RULES, windows: false };
      const windows = options.assumeWindows === true || podTargetsWindows(pod);
      return { category, rules: windows ? CATALOG : OTHER_WORKLOAD_RULES, windows, pod };
    }
    case ObjectCategory.SERVICE: {
      const windows = options.assumeWindows === true || options.selectsWindowsPods?.(object) === true;
      return { category, rules: windows ? CATALOG : NO_RULES, windows };
    }
    default:
      return { category, rules: NO_RULES, windows: false };
  }
}

/**
 * Kinds that rules look up among the objects checked together (the PersistentVolume behind a
 * claim, a RuntimeClass, the HorizontalPodAutoscaler that scales a Service's workload, the
 * Namespace whose Pod Security labels judge a pod, the ServiceAccounts, roles and bindings that
 * let a pod use a gMSA credential spec): the checker keeps every object of these kinds for the
 * whole run and gives them to the rules of deferred objects (Services, and workloads that name
 * other objects). GMSACredentialSpecs (a CRD) are kept too: see `isContextObject`.
 */
export const CONTEXT_KINDS: readonly string[] = [
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'RuntimeClass', 'HorizontalPodAutoscaler',
  'Namespace', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
];

/** Whether rules may look `object` up from other objects: a `CONTEXT_KINDS` built-in, or a GMSACredentialSpec. */
export function isContextObject(object: JsonObject): boolean {
  const category = classify(object);
  if (category === ObjectCategory.NO_RULES) return CONTEXT_KINDS.includes(object.kind);
  return category === ObjectCategory.UNKNOWN_KIND && isGmsaCredentialSpec(object);
}

/**
 * Whether a workload's rules look at other objects of the input, which may come later in it: a
 * pod that names a claim, a RuntimeClass or a gMSA credential spec. The checker checks such a
 * workload at the end of the input, with every context object; other workloads are checked at once
 * (a namespace's Pod Security labels are the exception: see `readsNamespaceLabels`).
 */
export function referencesOtherObjects(pod: PodSpecLocation): boolean {
  if (typeof pod.spec.runtimeClassName === 'string') return true;
  if (namesGmsaSpec(pod)) return true;
  return Array.isArray(pod.spec.volumes) && pod.spec.volumes.some((v: unknown) => isObject(v) && isObject(v.persistentVolumeClaim));
}

/**
 * Whether the plan's rules judge `object` by the Pod Security labels of the namespace it sets
 * (a Namespace object that may come later in the input). Only those rules
 * (`NAMESPACE_LABEL_RULES`) need to wait for the end of the input: the checker runs the others at
 * once and keeps the object for these, so a workload is not held whole only for its namespace.
 */
export function readsNamespaceLabels(plan: CheckPlan, object: JsonObject): boolean {
  return namespaceOf(object) !== undefined && plan.rules.some(rule => NAMESPACE_LABEL_RULES.includes(rule));
}

/** The plan without the rules that read namespace labels (see `readsNamespaceLabels`), and with only them. */
export function splitByNamespaceLabels(plan: CheckPlan): { readonly now: CheckPlan; readonly labels: CheckPlan } {
  let split = SPLIT_RULES.get(plan.rules);
  if (!split) {
    split = {
      now: plan.rules.filter(rule => !NAMESPACE_LABEL_RULES.includes(rule)),
      labels: plan.rules.filter(rule => NAMESPACE_LABEL_RULES.includes(rule)),
    };
    SPLIT_RULES.set(plan.rules, split);
  }
  return { now: { ...plan, rules: split.now }, labels: { ...plan, rules: split.labels } };
}

// Plans share a few constant rule lists (the catalog, the placement rules), and so do their
// splits: the engine keeps each list's checks by the list, so a new list per object would cost
// a new set of checks per object (and a garbage collector's table entry each).
const SPLIT_RULES = new WeakMap<readonly Rule[], { readonly now: readonly Rule[]; readonly labels: readonly Rule[] }>();

/** Whether the pod or one of its containers names a gMSA credential spec. */
function namesGmsaSpec(pod: PodSpecLocation): boolean {
  if (typeof pod.spec.securityContext?.windowsOptions?.gmsaCredentialSpecName === 'string') return true;
  return ['containers', 'initContainers', 'ephemeralContainers'].some(list => Array.isArray(pod.spec[list])
    && pod.spec[list].some((c: unknown) => isObject(c) && typeof c.securityContext?.windowsOptions?.gmsaCredentialSpecName === 'string'));
}

/**
 * Whether `service` selects the pods of `workload` (a full object or its `skeletonOf`): the
 * same namespace (or either unset, as manifests often leave it to `kubectl apply -n`), and every
 * label of the Service's selector on the pod template. A Service without a selector selects nothing.
 */
export function selects(service: JsonObject, workload: JsonObject): boolean {
  const selector = service.spec?.selector;
  if (!isObject(selector)) return false;
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return false;
  const a = namespaceOf(service);
  const b = namespaceOf(workload);
  if (a !== undefined && b !== undefined && a !== b) return false;
  const labels = findPodSpec(workload)?.metadata.labels;
  return isObject(labels) && pairs.every(([key, value]) => typeof value === 'string' && labels[key] === value);
}

/** The object's namespace, or undefined when the manifest sets none. */
export function namespaceOf(object: JsonObject): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' && namespace ? namespace : undefined;
}

/**
 * Pod spec fields kept in a skeleton: OS and build selection, RuntimeClass, host network.
 * Tolerations and affinity are left out for size (whether the pod targets Windows, affinity
 * included, is recorded beside each skeleton by the index that keeps them).
 */
const SKELETON_POD_FIELDS = ['os', 'nodeSelector', 'runtimeClassName', 'hostNetwork'];

/**
 * A workload reduced to what Service rules look at: apiVersion, kind, name, namespace and owner references, its
 * `spec.replicas`, the pod labels, and the pod's `SKELETON_POD_FIELDS`, at their usual
 * paths (so `findPodSpec` works on it). Everything else (containers, volumes, annotations, ...)
 * is dropped.
 */
export function skeletonOf(object: JsonObject): JsonObject {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const segments = podSpecSegments(object.kind);
  const skeleton: JsonObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      // A Pod's own labels are its pod labels; an owned object is counted through its owner.
      ...(segments?.length === 1 ? { labels: metadata.labels } : {}),
      ...(metadata.ownerReferences !== undefined ? { ownerReferences: metadata.ownerReferences } : {}),
    },
  };
  if (!segments) return skeleton;
  // Rebuild the path to the pod spec with only the replicas, template labels and placement.
  let source: any = object;
  let target: JsonObject = skeleton;
  for (let i = 0; i < segments.length - 1; i++) {
    source = source?.[segments[i]];
    if (!isObject(source)) return skeleton;
    const copy: JsonObject = {};
    if (source.replicas !== undefined) copy.replicas = source.replicas;
    if (isObject(source.metadata) && isObject(source.metadata.labels)) copy.metadata = { labels: source.metadata.labels };
    target[segments[i]] = copy;
    target = copy;
  }
  const pod = source?.[segments[segments.length - 1]];
  if (!isObject(pod)) return skeleton;
  const reduced: JsonObject = {};
  for (const field of SKELETON_POD_FIELDS) if (pod[field] !== undefined) reduced[field] = pod[field];
  target[segments[segments.length - 1]] = reduced;
  return skeleton;
}

/** A workload a Service selects (the object, or its `skeletonOf`), and whether its pod targets Windows. */
export interface SelectedWorkload {
  readonly workload: JsonObject;
  readonly windows: boolean;
}

/**
 * Where the rules of one object find the other objects they look at. The checker keeps
 * skeletons and context objects of a stream; `checkObjects` has every object in memory.
 */
export interface PlanSources {
  /** Every object of the input of a `CONTEXT_KINDS` kind. */
  readonly contextObjects: readonly JsonObject[];
  /** The workloads of the input that `service` selects (see `selects`), Windows or not. */
  selectedBy(service: JsonObject): readonly SelectedWorkload[];
}

/**
 * Checks one object by the plan: its rules, and what those rules see besides it (for a Service,
 * the workloads it selects and every context object; for a workload that names a claim or
 * RuntimeClass, every context object; otherwise the object alone).
 *
 * @param plan the object's plan, when the caller has made it already (a Service's depends on `sources`)
 */
export function checkObject(object: JsonObject, profile: TargetProfile, sources: PlanSources,
  options: { readonly assumeWindows?: boolean } = {}, plan?: CheckPlan): Finding[] {
  let selected: readonly SelectedWorkload[] = [];
  if (!plan) {
    if (classify(object) === ObjectCategory.SERVICE) selected = sources.selectedBy(object);
    plan = planFor(object, { assumeWindows: options.assumeWindows, selectsWindowsPods: () => selected.some(w => w.windows) });
  } else if (plan.category === ObjectCategory.SERVICE) {
    selected = sources.selectedBy(object);
  }
  if (plan.rules.length === 0) return [];
  let context: JsonObject[] = [object];
  if (plan.category === ObjectCategory.SERVICE) {
    context = [object, ...selected.map(s => s.workload), ...sources.contextObjects];
  } else if (plan.pod && (referencesOtherObjects(plan.pod) || readsNamespaceLabels(plan, object))) {
    context = [object, ...sources.contextObjects];
  }
  return runRules([object], profile, plan.rules, context);
}

/** Options of `checkObjects`. */
export interface CheckObjectsOptions {
  /** Treat every pod as a Windows pod and every Service as fronting one. */
  readonly assumeWindows?: boolean;
  /** Objects that are not checked but that rules may look at (the workloads a Service selects, claims, RuntimeClasses). */
  readonly context?: readonly JsonObject[];
}

/** Checks objects that are all in memory, by the plan; one finding list per object, in order. */
export function checkObjects(objects: readonly JsonObject[], profile: TargetProfile, options: CheckObjectsOptions = {}): Finding[][] {
  const all = options.context ? [...objects, ...options.context] : objects;
  const workloads: SelectedWorkload[] = [];
  const contextObjects: JsonObject[] = [];
  for (const object of all) {
    if (!isObject(object)) continue;
    const category = classify(object);
    if (category === ObjectCategory.WORKLOAD) {
      workloads.push({ workload: object, windows: planFor(object, options).windows });
    } else if (isContextObject(object)) {
      contextObjects.push(object);
    }
  }
  const sources: PlanSources = {
    selectedBy: service => workloads.filter(w => selects(service, w.workload)),
    contextObjects,
  };
  return objects.map(object => isObject(object) ? checkObject(object, profile, sources, options) : []);
}
