/**
 * CEL fragments the rules' admission forms and the generated policies share (src/admission-policy): where the pod spec sits in each kind, the engine's
 * decision that a pod targets Windows (`podTargetsWindows`), that it is a HostProcess pod
 * (`isHostProcessPod`), and that an object suppresses a rule (`annotationSuppression`), ported
 * to CEL. Every field access is guarded with `has()`: the API server sends objects without
 * defaults for optional fields.
 */
import { LINUX_ONLY_IMAGES } from '../../model/images';
import { AKS_OS_SKU_LABEL, HYPERV_ISOLATION_ANNOTATION, HYPERV_ISOLATION_VALUE, OS_LABELS, WINDOWS_BUILD_LABEL } from '../../model/windows';

/** A CEL string literal (JSON's escapes are CEL's). */
export function celString(text: string): string {
  return JSON.stringify(text);
}

/** `has()` on each prefix of a dotted path: `has(a.b) && has(a.b.c)`. */
export function hasPath(root: string, path: string): string {
  const segments = path.split('.');
  return segments.map((_, i) => `has(${root}.${segments.slice(0, i + 1).join('.')})`).join(' && ');
}

/** The pod spec of the admitted object (Pod; Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job; CronJob). */
export const POD_SPEC = "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)";

/** The pod's metadata (the Pod's, or the template's; an empty map when the template has none). */
export const POD_METADATA = "object.kind == 'Pod' ? object.metadata : (object.kind == 'CronJob' ? (has(object.spec.jobTemplate.spec.template.metadata) ? object.spec.jobTemplate.spec.template.metadata : {}) : (has(object.spec.template.metadata) ? object.spec.template.metadata : {}))";

/** Every container of the pod spec `spec`: containers, init containers, ephemeral containers. */
export function allContainers(spec: string): string {
  return ['containers', 'initContainers', 'ephemeralContainers'].map(list => `(has(${spec}.${list}) ? ${spec}.${list} : [])`).join(' + ');
}

/** Whether a selector map `map` holds `key` with value `value`. */
function mapHas(map: string, key: string, value: string): string {
  return `(${celString(key)} in ${map} && ${map}[${celString(key)}] == ${celString(value)})`;
}

/**
 * Whether the pod spec `s` targets Windows, as `podTargetsWindows` decides: `spec.os.name:
 * windows`; a node selector on an OS label with `windows`, on the windows-build label, or on AKS's
 * OS SKU `Windows*`; a required node affinity whose every term selects Windows; a RuntimeClass
 * named for Windows or Hyper-V.
 */
export function targetsWindows(s: string): string {
  const ns = `${s}.nodeSelector`;
  const terms = `${s}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
  const osKeys = `[${OS_LABELS.map(celString).join(', ')}]`;
  const termSelectsWindows = `has(t.matchExpressions) && t.matchExpressions.exists(e, (e.key == ${celString(WINDOWS_BUILD_LABEL)} && (e.operator == 'In' || e.operator == 'Exists'))`
    + ` || (e.key in ${osKeys} && e.operator == 'In' && has(e.values) && size(e.values) > 0 && e.values.all(v, v == 'windows')))`;
  return [
    `(${hasPath(s, 'os.name')} && ${s}.os.name == 'windows')`,
    `(has(${ns}) && (${OS_LABELS.map(label => mapHas(ns, label, 'windows')).join(' || ')} || ${celString(WINDOWS_BUILD_LABEL)} in ${ns}`
      + ` || (${celString(AKS_OS_SKU_LABEL)} in ${ns} && ${ns}[${celString(AKS_OS_SKU_LABEL)}].lowerAscii().startsWith('windows'))))`,
    `(${hasPath(s, 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms')} && size(${terms}) > 0 && ${terms}.all(t, ${termSelectsWindows}))`,
    `(has(${s}.runtimeClassName) && ${s}.runtimeClassName.matches('(?i)windows|hyper-?v|wcow|runhcs'))`,
  ].join(' || ');
}

/** Whether container `c` sets `windowsOptions.hostProcess: true` itself. */
function ownHostProcess(c: string): string {
  return `(${hasPath(c, 'securityContext.windowsOptions.hostProcess')} && ${c}.securityContext.windowsOptions.hostProcess == true)`;
}

/** Whether the pod spec `s` with containers `containers` is a HostProcess pod (`isHostProcessPod`: the pod's flag, or a container's own). */
export function isHostProcess(s: string, containers: string): string {
  return `(${hasPath(s, 'securityContext.windowsOptions.hostProcess')} && ${s}.securityContext.windowsOptions.hostProcess == true) || (${containers}).exists(c, ${ownHostProcess('c')})`;
}

/** The annotation that suppresses `rule` on an object, and the shortest reason the engine honours. */
export function suppressedBy(rule: string, prefix: string, minLength: number): string {
  const key = celString(prefix + rule);
  return `has(object.metadata.annotations) && ${key} in object.metadata.annotations && object.metadata.annotations[${key}].trim().size() >= ${minLength}`;
}

/** Binds `expression` to `name` for `body` (a one-element list's `all`: one evaluation, no cel.bind needed on 1.30). */
export function bind(name: string, expression: string, body: string): string {
  return `[${expression}].all(${name}, ${body})`;
}

/** The policy variables a rule's CEL sees (`variables.<name>`), defined by the generator for every policy. */
export const V = {
  /** The pod spec. */
  spec: 'variables.spec',
  /** The pod's (or template's) metadata; may lack `annotations`/`labels`. */
  meta: 'variables.meta',
  /** Every container: containers + initContainers + ephemeralContainers. */
  containers: 'variables.containers',
  /** Whether the pod is a HostProcess pod. */
  hostProcess: 'variables.hostProcess',
} as const;

/** `value` when the dotted path under `root` is set, else `fallback` (CEL has no optional chaining before 1.30's optional types). */
export function orElse(root: string, path: string, fallback: string): string {
  return `(${hasPath(root, path)} ? ${root}.${path} : ${fallback})`;
}

/** A regular expression as a CEL string literal for `matches()` (RE2 syntax: no lookaround). */
export function celRegex(pattern: RegExp | string): string {
  return celString(typeof pattern === 'string' ? pattern : pattern.source);
}

/** Whether the pod spec `s` has placement that can put it on Windows nodes (`hasWindowsPlacement`): it targets Windows, or names any RuntimeClass. */
export function hasWindowsPlacementCel(s: string): string {
  return `(${targetsWindows(s)}) || (has(${s}.runtimeClassName) && ${s}.runtimeClassName != '')`;
}

/** An image reference as `model/images.ts` parses it: trimmed, lower case, without its digest. */
export function normalizedImage(image: string): string {
  return `${image}.trim().lowerAscii().split('@')[0]`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The end of a repository in a normalized reference: a `/`, or the tag (no `/` after it), or the end. */
const REPO_END = '(/|:[^/]*$|$)';
/** An optional tag at the end of a normalized reference. */
const OPTIONAL_TAG = '(:[^/]*)?$';

/** `isWindowsImage` (model/images.ts) as one RE2 expression over a normalized reference. */
export const WINDOWS_IMAGE_PATTERN = [
  `(^|/)mcr\\.microsoft\\.com/windows${REPO_END}`,
  `^mcr\\.microsoft\\.com/dotnet/framework/[^/:]+${OPTIONAL_TAG}`,
  `^(docker\\.io/)?microsoft/(iis|aspnet|wcf|dotnet-framework|dotnet-framework-build|windowsservercore|nanoserver)${OPTIONAL_TAG}`,
  `^(docker\\.io/)?microsoft/mssql-server-windows(-developer|-express)?${OPTIONAL_TAG}`,
  `(^|/)windows/(servercore|nanoserver|server)${REPO_END}`,
  `(^|/)(windowsservercore|nanoserver)${REPO_END}`,
  ':([^/:]*-)?(windowsservercore|nanoserver|windows|ltsc2016|ltsc2019|ltsc2022|ltsc2025|10\\.0\\.(14393|17763|18362|18363|19041|19042|20348|25398|26100)(\\.[0-9]+)?)(-[^/:]*)?$',
].join('|');

/** `linuxOnlyImage` (model/images.ts) without its Windows-image exception, as RE2 over a normalized reference. */
export const LINUX_ONLY_IMAGE_PATTERN = `^(docker\\.io/)?(library/)?(${Object.keys(LINUX_ONLY_IMAGES).map(escape).join('|')})${OPTIONAL_TAG}`;

/** Whether container `c`'s image looks like a Windows image (`isWindowsImage`). */
export function isWindowsImageCel(c: string): string {
  return `(has(${c}.image) && ${normalizedImage(`${c}.image`)}.matches(${celString(WINDOWS_IMAGE_PATTERN)}))`;
}

/** Whether container `c`'s image is a Linux-only image (`linuxOnlyImage`). */
export function isLinuxOnlyImageCel(c: string): string {
  return `(has(${c}.image) && ${normalizedImage(`${c}.image`)}.matches(${celString(LINUX_ONLY_IMAGE_PATTERN)}) && !${normalizedImage(`${c}.image`)}.matches(${celString(WINDOWS_IMAGE_PATTERN)}))`;
}

/** Whether the pod metadata `meta` carries the legacy Hyper-V annotation asking for Hyper-V (`legacyHyperVAnnotation`). */
export function legacyHyperVAnnotationCel(meta: string): string {
  const key = celString(HYPERV_ISOLATION_ANNOTATION);
  return `(has(${meta}.annotations) && ${key} in ${meta}.annotations && ${meta}.annotations[${key}] == ${celString(HYPERV_ISOLATION_VALUE)})`;
}

/** Whether `securityContext.<path>` is set for container `c`, on it or inherited from the pod spec `s` (`effectiveField`). */
export function effectiveIsSet(s: string, c: string, path: string): string {
  return `(${hasPath(c, `securityContext.${path}`)} || ${hasPath(s, `securityContext.${path}`)})`;
}

/** The effective `securityContext.<path>` of container `c` (its own, else the pod's); use only where `effectiveIsSet`. */
export function effectiveValue(s: string, c: string, path: string): string {
  return `(${hasPath(c, `securityContext.${path}`)} ? ${c}.securityContext.${path} : ${s}.securityContext.${path})`;
}

/** Whether container `c` of pod spec `s` is a HostProcess container (`isHostProcessContainer`: its own flag, else the pod's). */
export function isHostProcessContainerCel(s: string, c: string): string {
  const own = 'securityContext.windowsOptions.hostProcess';
  return `(${hasPath(c, own)} ? ${c}.${own} == true : (${hasPath(s, own)} && ${s}.${own} == true))`;
}

// The container and volume rules' fragments: their lists, and the kubelet's merge of pod and container security contexts.

/** The pod spec, and its containers (containers, init and ephemeral containers). */
export const SPEC = V.spec;
export const CONTAINERS = V.containers;

/** The pod's volumes (an empty list when it has none). */
export const VOLUMES = `(has(${SPEC}.volumes) ? ${SPEC}.volumes : [])`;

/** Containers and init containers, without the ephemeral ones (which cannot set resources). */
export const CONTAINERS_AND_INIT = `(has(${SPEC}.containers) ? ${SPEC}.containers : []) + (has(${SPEC}.initContainers) ? ${SPEC}.initContainers : [])`;

/** A CEL list of string literals. */
export function celStrings(texts: readonly string[]): string {
  return `[${texts.map(celString).join(', ')}]`;
}

/** Whether the effective boolean `securityContext.<field>` of container `c` is true (a container's `false` overrides the pod's `true`). */
export function effectiveTrue(c: string, field: string): string {
  return `(${hasPath(c, `securityContext.${field}`)} ? ${c}.securityContext.${field} == true : (${hasPath(SPEC, `securityContext.${field}`)} && ${SPEC}.securityContext.${field} == true))`;
}

/** `container 'name'` for messages. */
export function celContainer(c: string): string {
  return `"container '" + ${c}.name + "'"`;
}

/** `volume 'name'` for messages. */
export function celVolume(v: string): string {
  return `"volume '" + ${v}.name + "'"`;
}

/** How many items a message names before `and N more` (a message over 5 KiB falls back to the static one). */
const MESSAGE_ITEMS = 3;

/** The first items of the string list `items`, joined with `separator`, then `and N more`. */
export function celJoinFew(items: string, separator = '; '): string {
  const first = `[${Array.from({ length: MESSAGE_ITEMS }, (_, i) => i).join(', ')}].filter(i, i < size(l)).map(i, l[i])`;
  return `[${items}].map(l, ${first}.join(${celString(separator)}) + (size(l) > ${MESSAGE_ITEMS} ? ' and ' + string(size(l) - ${MESSAGE_ITEMS}) + ' more' : ''))[0]`;
}

/** The message parts of the items of `list` that fail (`failing` true): the first few, joined with `; `. */
export function celEach(list: string, variable: string, failing: string, message: string): string {
  return celJoinFew(`${list}.filter(${variable}, ${failing}).map(${variable}, ${message})`);
}
