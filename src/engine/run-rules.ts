import { CATALOG } from './catalog';
import { annotationSuppression } from './suppressions';
import { Finding, ObjectReference } from '../model/finding';
import { containersOf, findPodSpec, isObject, JsonObject } from '../model/manifest';
import { TargetProfile } from '../model/profile';
import { isHostProcessPod } from '../rules/lib/host-process';
import { ApiServerEnforcement, HostProcessPods, PodContext, Rule, ServiceContext, Violation } from '../rules/rule';

/**
 * Runs `rules` over plain Kubernetes objects. Pure: no cdk8s, no I/O. `context` is what rules
 * that look across objects see (e.g. the workloads a Service selects); by default the objects.
 */
export function runRules(objects: readonly JsonObject[], profile: TargetProfile, rules: readonly Rule[] = CATALOG,
  context: readonly JsonObject[] = objects): Finding[] {
  // Called once per object by the checker: no copies of the lists when every entry is an object.
  const all = context.every(entry => isObject(entry)) ? context as JsonObject[] : context.filter(isObject);
  const findings: Finding[] = [];
  for (const object of objects) {
    if (!isObject(object)) continue;
    // The reference is built for the first finding only: most objects have none.
    let reference: ObjectReference | undefined;
    const report = (rule: Rule, violations: Violation[]) => {
      for (const violation of violations) {
        findings.push({
          rule: rule.name,
          severity: violation.severity ?? rule.severity,
          resource: reference ??= referenceOf(object),
          path: violation.path,
          ...suppressionOf(object, rule, `${violation.message}. ${violation.why ?? rule.why}`),
          remediation: violation.remediation ?? rule.remediation,
          docsUrl: rule.docsUrl,
        });
      }
    };
    const pod = findPodSpec(object);
    if (pod) {
      const containers = containersOf(pod);
      const podContext = { object, pod, containers, profile, objects: all };
      const hostProcess = isHostProcessPod(pod, containers);
      for (const { rule, check } of checksOf(rules).pod) {
        if (hostProcess && rule.hostProcessPods === HostProcessPods.SKIPPED) continue;
        const violations = check(podContext);
        if (violations.length > 0) report(rule, violations);
      }
    }
    if (object.kind === 'Service' && isObject(object.spec)) {
      const serviceContext = { object, profile, objects: all };
      for (const { rule, check } of checksOf(rules).service) {
        const violations = check(serviceContext);
        if (violations.length > 0) report(rule, violations);
      }
    }
  }
  return findings;
}

/** The pod and Service checks of a list of rules. */
interface RuleChecks {
  readonly pod: ReadonlyArray<{ readonly rule: Rule; readonly check: (context: PodContext) => Violation[] }>;
  readonly service: ReadonlyArray<{ readonly rule: Rule; readonly check: (context: ServiceContext) => Violation[] }>;
}

// Rule lists are a few constant arrays (the catalog, the placement rules): their checks are
// listed once, not looked up on every rule for every object.
const CHECKS = new WeakMap<readonly Rule[], RuleChecks>();

function checksOf(rules: readonly Rule[]): RuleChecks {
  let checks = CHECKS.get(rules);
  if (!checks) {
    checks = {
      pod: rules.flatMap(rule => rule.checkPod ? [{ rule, check: rule.checkPod.bind(rule) }] : []),
      service: rules.flatMap(rule => rule.checkService ? [{ rule, check: rule.checkService.bind(rule) }] : []),
    };
    CHECKS.set(rules, checks);
  }
  return checks;
}

/** apiVersion, kind, namespace and name of a plain object. */
export function referenceOf(object: JsonObject): ObjectReference {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
  };
}

/**
 * The message (`text`: what was found, and why it matters) and suppression of a finding: an
 * `ignore-check` annotation suppresses it, unless the
 * API server rejects the finding anyway (then the message says the annotation was not honoured).
 */
function suppressionOf(object: JsonObject, rule: Rule, text: string): { message: string; suppressedReason?: string } {
  const reason = annotationSuppression(object, rule.name);
  if (reason === undefined) return { message: text };
  if (rejectedByApiServer(object, rule)) {
    return { message: `${text} (The ignore-check annotation does not suppress this: the API server rejects it.)` };
  }
  return { message: text, suppressedReason: reason };
}

/** Whether the API server rejects what `rule` finds in `object` (see `ApiServerEnforcement`). */
function rejectedByApiServer(object: JsonObject, rule: Rule): boolean {
  if (rule.apiServer === ApiServerEnforcement.ALWAYS) return true;
  return rule.apiServer === ApiServerEnforcement.WINDOWS_PODS && findPodSpec(object)?.spec.os?.name === 'windows';
}
