import { CATALOG, RENAMED_RULES } from './catalog';
import { JsonObject } from '../model/manifest';

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
    return `Cannot suppress '${rule}' on ${where}: the rule was split into ${renamed.map(name => `'${name}'`).join(', ')}; suppress the one that does not apply.`;
  }
  const known = CATALOG.find(r => r.name === rule);
  if (known?.apiServer) {
    return `Cannot suppress '${rule}' on ${where}: the API server rejects what it finds, so a suppressed finding would still be refused at apply time. Fix the manifest instead: ${known.remediation}`;
  }
  if (!known) {
    return `Cannot suppress unknown rule '${rule}' on ${where}: known rules are ${CATALOG.map(r => r.name).join(', ')}.`;
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) {
    return `Suppressing '${rule}' on ${where} needs a reason of at least ${MIN_SUPPRESSION_REASON_LENGTH} characters saying why the rule does not apply.`;
  }
  return undefined;
}
