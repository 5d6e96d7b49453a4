/**
 * What a pod's placement says about the node OS and build: the one place the placement rules
 * (and the command-line checker, through `podTargetsWindows` / `hasWindowsPlacement`) read
 * `spec.os`, node selectors, required node affinity and `runtimeClassName`.
 */
import { isObject, PodSpecLocation } from '../../model/manifest';
import { memoizeByString } from '../../model/memoize';
import { AKS_OS_SKU_LABEL, OS_LABELS, WINDOWS_BUILD_LABEL } from '../../model/windows';


/** The operating systems a pod can name (`spec.os.name` accepts only these). */
export type NodeOs = 'windows' | 'linux';

/** One statement of a pod's placement about the node OS, and where it is. */
export interface OsClaim {
  /** The OS it states. */
  readonly os: NodeOs;
  /** Dotted path of the field that states it. */
  readonly path: string;
  /** How it reads in a message, e.g. `nodeSelector kubernetes.io/os: linux`. */
  readonly source: string;
}

/** The OS claims of a pod: pod-level ones (`spec.os.name`, `nodeSelector`) and those of each required node affinity term. */
export interface OsClaims {
  /** `spec.os.name`, then the node selector's OS labels, then its windows-build label. */
  readonly pod: OsClaim[];
  /** Per `nodeSelectorTerms[i]` (terms are ORed): single-value `In` on an OS label, `In`/`Exists` on windows-build. */
  readonly terms: OsClaim[][];
}

const REQUIRED_TERMS = 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';

function asOs(value: unknown): NodeOs | undefined {
  return value === 'windows' || value === 'linux' ? value : undefined;
}

/** Every statement the pod's placement makes about the node OS. Values other than `windows`/`linux` are ignored. */
export function osClaims(pod: PodSpecLocation): OsClaims {
  const spec = pod.spec;
  const podClaims: OsClaim[] = [];
  const osName = isObject(spec.os) ? asOs(spec.os.name) : undefined;
  if (osName) podClaims.push({ os: osName, path: `${pod.path}.os.name`, source: `spec.os.name: ${osName}` });
  if (isObject(spec.nodeSelector)) {
    for (const label of OS_LABELS) {
      const os = asOs(spec.nodeSelector[label]);
      if (os) podClaims.push({ os, path: `${pod.path}.nodeSelector[${label}]`, source: `nodeSelector ${label}: ${os}` });
    }
    const build = spec.nodeSelector[WINDOWS_BUILD_LABEL];
    if (build !== undefined && build !== null) {
      podClaims.push({ os: 'windows', path: `${pod.path}.nodeSelector[${WINDOWS_BUILD_LABEL}]`, source: `nodeSelector ${WINDOWS_BUILD_LABEL}: ${build}` });
    }
    const sku = spec.nodeSelector[AKS_OS_SKU_LABEL];
    if (isWindowsSku(sku)) {
      podClaims.push({ os: 'windows', path: `${pod.path}.nodeSelector[${AKS_OS_SKU_LABEL}]`, source: `nodeSelector ${AKS_OS_SKU_LABEL}: ${sku}` });
    }
  }
  const terms: OsClaim[][] = requiredTerms(pod).map(({ term, path }) => {
    const claims: OsClaim[] = [];
    const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
    expressions.forEach((expression: unknown, j: number) => {
      if (!isObject(expression)) return;
      const at = `${path}.matchExpressions[${j}]`;
      const values = Array.isArray(expression.values) ? expression.values : [];
      if (OS_LABELS.includes(expression.key) && expression.operator === 'In' && values.length === 1 && asOs(values[0])) {
        claims.push({ os: values[0], path: at, source: `required node affinity ${expression.key} In [${values[0]}]` });
      }
      if (expression.key === WINDOWS_BUILD_LABEL && (expression.operator === 'In' || expression.operator === 'Exists')) {
        claims.push({ os: 'windows', path: at, source: `required node affinity on ${WINDOWS_BUILD_LABEL}` });
      }
    });
    return claims;
  });
  return { pod: podClaims, terms };
}

function requiredTerms(pod: PodSpecLocation): Array<{ term: { [key: string]: any }; path: string }> {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return [];
  return terms.flatMap((term, i) => isObject(term) ? [{ term, path: `${pod.path}.${REQUIRED_TERMS}[${i}]` }] : []);
}

/**
 * Whether a pod is meant for Windows nodes, by its own fields: `spec.os.name: windows`, a node
 * selector `kubernetes.io/os: windows` (or the legacy `beta.kubernetes.io/os`), on
 * `node.kubernetes.io/windows-build` or on AKS's `kubernetes.azure.com/os-sku: Windows*` (only
 * Windows nodes carry it), a required node affinity whose every term (terms are ORed)
 * selects Windows that way, or a `runtimeClassName` that names Windows or Hyper-V (`windows-*`,
 * `*hyperv*`, `*wcow*`, `*runhcs*`, the usual names of classes with `runhcs-wcow-*` handlers).
 * This is what the checker uses to decide that a workload gets the whole catalog.
 */
export function podTargetsWindows(pod: PodSpecLocation): boolean {
  const spec = pod.spec;
  if (isObject(spec.os) && spec.os.name === 'windows') return true;
  if (isObject(spec.nodeSelector)) {
    const selector = spec.nodeSelector;
    if (OS_LABELS.some(label => selector[label] === 'windows') || selector[WINDOWS_BUILD_LABEL] !== undefined) return true;
    if (isWindowsSku(selector[AKS_OS_SKU_LABEL])) return true;
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (Array.isArray(terms) && terms.length > 0 && terms.every(term => isObject(term) && termSelectsWindows(term))) return true;
  return typeof spec.runtimeClassName === 'string' && /windows|hyper-?v|wcow|runhcs/i.test(spec.runtimeClassName);
}

/**
 * Whether a pod has any placement that can put it on Windows nodes: `podTargetsWindows`, or any
 * `runtimeClassName` at all (a RuntimeClass's `scheduling.nodeSelector`, which the rules do not
 * see, is merged into the pod's node selector at admission). A pod without it can land on a
 * Linux node; `windows-image-without-windows-placement` reports Windows images in such pods.
 */
export function hasWindowsPlacement(pod: PodSpecLocation): boolean {
  return podTargetsWindows(pod) || (typeof pod.spec.runtimeClassName === 'string' && pod.spec.runtimeClassName !== '');
}

/** An AKS OS SKU of Windows nodes (`Windows2019`, `Windows2022`, `WindowsAnnual`, ...). */
function isWindowsSku(value: unknown): boolean {
  return typeof value === 'string' && /^windows/i.test(value);
}

function termSelectsWindows(term: { [key: string]: any }): boolean {
  if (!Array.isArray(term.matchExpressions)) return false;
  return term.matchExpressions.some((expression: unknown) => {
    if (!isObject(expression)) return false;
    if (expression.key === WINDOWS_BUILD_LABEL) return expression.operator === 'In' || expression.operator === 'Exists';
    return OS_LABELS.includes(expression.key) && expression.operator === 'In'
      && Array.isArray(expression.values) && expression.values.length > 0 && expression.values.every((v: unknown) => v === 'windows');
  });
}

/** The Windows build a pod's node selector pins (`node.kubernetes.io/windows-build: 10.0.<build>`), with the label's value. */
export function selectedWindowsBuild(pod: PodSpecLocation): { build: number; value: string } | undefined {
  const value = isObject(pod.spec.nodeSelector) ? pod.spec.nodeSelector[WINDOWS_BUILD_LABEL] : undefined;
  const build = typeof value === 'string' ? buildOfLabel(value) : undefined;
  return build === undefined ? undefined : { build, value };
}

/**
 * The Windows build a pod's required node affinity pins: every `nodeSelectorTerms` entry (they
 * are ORed) requires `node.kubernetes.io/windows-build In [10.0.<build>]` with the same one value.
 */
export function affinityWindowsBuild(pod: PodSpecLocation): { build: number; value: string } | undefined {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  let pinned: { build: number; value: string } | undefined;
  for (const term of terms) {
    const expressions: unknown[] = isObject(term) && Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
    const j = expressions.findIndex(e => isObject(e) && e.key === WINDOWS_BUILD_LABEL && e.operator === 'In' && Array.isArray(e.values) && e.values.length === 1);
    if (j < 0) return undefined;
    const value = (expressions[j] as { values: unknown[] }).values[0];
    const build = typeof value === 'string' ? buildOfLabel(value) : undefined;
    if (build === undefined || (pinned && pinned.build !== build)) return undefined;
    pinned ??= { build, value: value as string };
  }
  return pinned;
}

/** The build a `node.kubernetes.io/windows-build` value names (`10.0.20348` -> 20348), or undefined. */
export const buildOfLabel = memoizeByString((value: string): number | undefined => {
  const match = /^10\.0\.(\d+)$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
});
