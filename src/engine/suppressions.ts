import { CATALOG, RENAMED_RULES } from './catalog';
import { isObject, JsonObject } from '../model/manifest';

/** Annotation prefix that suppresses a rule on one object: `ignore-check.cdk8s-windows.io/<rule>: "<reason>"`. */
export const IGNORE_ANNOTATION_PREFIX = 'ignore-check.cdk8s-windows.io/';

/** A suppression needs a reason of at least this many characters (a sentence, not "ok"). */
export const MIN_SUPPRESSION_REASON_LENGTH = 10;

/** The reason `object` carries for suppressing `rule` (its `ignore-check` annotation), when it is long enough. */
export function annotationSuppression(object: JsonObject, rule: string): string | undefined {
  const reason = object.metadata?.annotations?.[IGNORE_ANNOTATION_PREFIX + rule];
  return typeof reason === 'string' && reason.trim().length >= MIN_SUPPRESSION_REASON_LENGTH ? reason.trim() : undefined;
}

/**
 * Why suppressing `rule` with `reason` is not allowed (an unknown or renamed rule, a reason
 * shorter than a sentence), or undefined when it is. `where` names the construct or object.
 */
export function suppressionProblem(rule: string, reason: unknown, where: string): string | undefined {
  const renamed = RENAMED_RULES[rule];
  if (renamed) {
    return renamed.length === 1
      ? `Cannot suppress '${rule}' on ${where}: the rule was renamed to '${renamed[0]}'; suppress that.`
      : `Cannot suppress '${rule}' on ${where}: the rule was split into ${renamed.map(name => `'${name}'`).join(', ')}; suppress the one that does not apply.`;
  }
  const known = CATALOG.find(r => r.name === rule);
  if (known?.apiServer) {
    return `Cannot suppress '${rule}' on ${where}: the API server rejects what it finds, so a suppressed finding would still be refused at apply time. Fix the manifest instead: ${known.remediation}`;
  }
  if (!known) {
    const close = closestRules(rule);
    const hint = close.length > 0 ? `did you mean ${close.map(name => `'${name}'`).join(' or ')}?` : 'see docs/RULES.md for the rules.';
    return `Cannot suppress unknown rule '${rule}' on ${where}: ${hint}`;
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) {
    return `Suppressing '${rule}' on ${where} needs a reason of at least ${MIN_SUPPRESSION_REASON_LENGTH} characters saying why the rule does not apply.`;
  }
  return undefined;
}

/**
 * The rule names nearest to `name` (every one at the smallest distance), when close enough to be
 * a slip: the edit distance to a rule name or to its start (`memory-limits` ->
 * `memory-limit-required`), dashes aside (`hostnetwork` -> `no-host-network`). A renamed rule's
 * former name stands for its replacements.
 */
export function closestRules(name: string): string[] {
  const candidates: Array<{ readonly name: string; readonly rules: readonly string[] }> = [
    ...CATALOG.map(r => ({ name: r.name, rules: [r.name] })),
    ...Object.entries(RENAMED_RULES).map(([former, rules]) => ({ name: former, rules })),
  ];
  const squash = (text: string) => text.toLowerCase().replace(/[-_ ]/g, '');
  const distance = (candidate: string): number => {
    const a = squash(name);
    const b = squash(candidate);
    if (a === b) return 0;
    if (b.includes(a) || a.includes(b)) return 1;
    let best = editDistance(a, b);
    // The start of a longer name, plus a little for what the start leaves out.
    for (let k = Math.max(1, a.length - 2); k < Math.min(b.length, a.length + 3); k++) {
      best = Math.min(best, editDistance(a, b.slice(0, k)) + 1);
    }
    return best;
  };
  const scored = candidates.map(c => ({ rules: c.rules, distance: distance(c.name) }));
  const best = Math.min(...scored.map(s => s.distance));
  if (best > Math.max(2, Math.floor(name.length / 4))) return [];
  const names = scored.filter(s => s.distance === best).flatMap(s => s.rules);
  return [...new Set(names)].slice(0, 5);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Where a pod template sits in a workload: the checker warns about suppressions placed there. */
const POD_TEMPLATE_METADATA: { readonly [kind: string]: readonly string[] } = {
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

/** One `ignore-check` annotation that suppresses nothing, and why. */
export interface IgnoredSuppression {
  /** The annotation's key. */
  readonly annotation: string;
  /** The field path of the annotation, e.g. `spec.template.metadata.annotations`. */
  readonly path: string;
  /** Why it is not honoured, and what to write instead. */
  readonly message: string;
}

/**
 * The `ignore-check` annotations of `object` that suppress nothing: an unknown or renamed rule
 * (with the nearest rule names), a reason shorter than a sentence, or an annotation on the pod
 * template (Helm's `podAnnotations`), which the rules do not read: suppressions go on the object.
 * Annotations of rules the API server enforces are reported in the finding they fail to suppress.
 */
export function ignoredSuppressions(object: JsonObject): IgnoredSuppression[] {
  const problems: IgnoredSuppression[] = [];
  const where = `${object.kind ?? 'object'}/${object.metadata?.name ?? '<no name>'}`;
  const annotations = object.metadata?.annotations;
  if (isObject(annotations)) {
    for (const [key, reason] of Object.entries(annotations)) {
      if (!key.startsWith(IGNORE_ANNOTATION_PREFIX)) continue;
      const rule = key.slice(IGNORE_ANNOTATION_PREFIX.length);
      const problem = suppressionProblem(rule, reason, where);
      if (problem && !CATALOG.find(r => r.name === rule)?.apiServer) {
        problems.push({ annotation: key, path: 'metadata.annotations', message: `annotation '${key}' suppresses nothing. ${problem}` });
      }
    }
  }
  const segments = typeof object.kind === 'string' ? POD_TEMPLATE_METADATA[object.kind] : undefined;
  let template: any = object;
  for (const segment of segments ?? []) template = isObject(template) ? template[segment] : undefined;
  if (segments && isObject(template) && isObject(template.annotations)) {
    for (const key of Object.keys(template.annotations)) {
      if (!key.startsWith(IGNORE_ANNOTATION_PREFIX)) continue;
      const path = `${segments.join('.')}.annotations`;
      problems.push({
        annotation: key,
        path,
        message: `annotation '${key}' on the pod template (${path}) suppresses nothing: the checker reads suppressions from the ${object.kind}'s own metadata.annotations (with Helm, not podAnnotations).`,
      });
    }
  }
  return problems;
}
