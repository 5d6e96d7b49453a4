/**
 * The rules as ValidatingAdmissionPolicies: one policy and one binding per rule (per rule and
 * severity when a rule's checks at a target differ in severity), with the CEL of the rule's
 * `admission` form at a target profile. The policies apply what the checker's plan decides
 * (src/engine/check-plan.ts): the placement rules that run on every workload run on every pod,
 * the others only on pods that target Windows; rules that skip HostProcess pods skip them; an
 * `ignore-check.cdk8s-windows.io/<rule>` annotation on the object suppresses a rule exactly where
 * the engine honours it.
 */
import { CATALOG } from '../engine/catalog';
import { IGNORE_ANNOTATION_PREFIX, MIN_SUPPRESSION_REASON_LENGTH } from '../engine/suppressions';
import { Severity } from '../model/finding';
import { JsonObject } from '../model/manifest';
import { TargetProfile } from '../model/profile';
import { allContainers, bind, celString, isHostProcess, POD_METADATA, POD_SPEC, suppressedBy, targetsWindows } from '../rules/lib/cel';
import { EVERY_WORKLOAD_RULES } from '../rules/placement';
import { ApiServerEnforcement, CelCheck, HostProcessPods, Rule } from '../rules/rule';

/** ValidatingAdmissionPolicy is GA (`admissionregistration.k8s.io/v1`) from this Kubernetes minor. */
export const ADMISSION_POLICY_MINIMUM_MINOR = 30;

/** The API version of the generated objects. */
export const ADMISSION_POLICY_API_VERSION = 'admissionregistration.k8s.io/v1';

/** Label and annotation keys on the generated objects. */
export const POLICY_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  rule: 'cdk8s-windows.io/rule',
  severity: 'cdk8s-windows.io/severity',
  kubernetesVersion: 'cdk8s-windows.io/target-kubernetes-version',
  windowsServerVersion: 'cdk8s-windows.io/target-windows-server-version',
} as const;

/** Annotation keys on the generated objects. */
export const POLICY_ANNOTATIONS = {
  target: 'cdk8s-windows.io/target',
  minimumKubernetesVersion: 'cdk8s-windows.io/minimum-kubernetes-version',
} as const;

/** The value of `app.kubernetes.io/managed-by` on every generated object. */
export const MANAGED_BY = 'cdk8s-windows';

/** The kinds the policies match, by API group and resource. */
export const MATCHED_RESOURCES: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[] }> = [
  { apiGroup: '', resources: ['pods', 'replicationcontrollers'] },
  { apiGroup: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroup: 'batch', resources: ['jobs', 'cronjobs'] },
];

/** What the generated bindings do with the findings of each severity. */
export const VALIDATION_ACTIONS: { readonly [severity in Severity]: readonly string[] } = {
  [Severity.ERROR]: ['Deny'],
  [Severity.WARNING]: ['Warn'],
  // Advice: recorded in the audit log, not shown on every apply.
  [Severity.INFO]: ['Audit'],
};

/** Options of `admissionPolicies`. */
export interface AdmissionPolicyOptions {
  /** Only these rules (by name). @default every rule with CEL checks at the target */
  readonly rules?: readonly string[];
  /** The policies' failurePolicy. @default 'Fail' */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /** The bindings' namespaceSelector. @default every namespace */
  readonly namespaceSelector?: JsonObject;
}

/** The kinds whose controllers make the objects the policies match, from a template the policies judged on the owner. */
const OWNER_KINDS = "['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']";

/** Whether the pod template (a Pod's spec) differs between `oldObject` and `object`. */
const POD_TEMPLATE_CHANGED = "(object.kind == 'Pod' ? object.spec != oldObject.spec : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template != oldObject.spec.jobTemplate.spec.template : object.spec.template != oldObject.spec.template))";

/** The names of the variables every policy defines, in order (the rules' CEL uses `variables.<name>`). */
export const POLICY_VARIABLES: ReadonlyArray<{ readonly name: string; readonly expression: string }> = [
  { name: 'spec', expression: POD_SPEC },
  { name: 'meta', expression: POD_METADATA },
  { name: 'containers', expression: allContainers('variables.spec') },
  { name: 'hostProcess', expression: isHostProcess('variables.spec', 'variables.containers') },
];

/** One policy of a rule: its checks of one severity. */
export interface RulePolicy {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly name: string;
  readonly checks: readonly CelCheck[];
}

/** The rules' policies at `profile`: rules without CEL checks there have none. */
export function rulePolicies(profile: TargetProfile, options: Pick<AdmissionPolicyOptions, 'rules'> = {}): RulePolicy[] {
  const unknown = (options.rules ?? []).filter(name => !CATALOG.some(rule => rule.name === name));
  if (unknown.length > 0) throw new Error(`Unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map(n => `'${n}'`).join(', ')}: see docs/RULES.md for the rules.`);
  const wanted = options.rules ? new Set(options.rules) : undefined;
  return CATALOG.filter(rule => !wanted || wanted.has(rule.name)).flatMap(rule => policiesOfRule(rule, profile));
}

/** The policies of one rule at `profile`: one per severity its checks find there (none without checks). */
export function policiesOfRule(rule: Rule, profile: TargetProfile): RulePolicy[] {
  const checks = rule.admission?.checks?.(profile) ?? [];
  const severities = [...new Set(checks.map(check => check.severity ?? rule.severity))];
  return severities.map(severity => ({
    rule,
    severity,
    name: severities.length === 1 ? `cdk8s-windows-${rule.name}` : `cdk8s-windows-${rule.name}-${severity}`,
    checks: checks.filter(check => (check.severity ?? rule.severity) === severity),
  }));
}

/** The match conditions of a rule's policy: which pods the engine runs the rule on, and suppression. */
export function matchConditions(rule: Rule): JsonObject[] {
  const conditions: JsonObject[] = [
    // What a built-in controller makes (a Deployment's ReplicaSets, their Pods, a CronJob's Jobs) was judged at its owner,
    // which carries the suppressions (a Pod does not get its Deployment's annotations): judging it again would refuse the
    // pods of a workload whose suppression was accepted.
    {
      name: 'not-made-by-a-workload-controller',
      expression: `!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(r, has(r.controller) && r.controller == true && r.kind in ${OWNER_KINDS})`,
    },
  ];
  // An update is judged when it changes the pod template: a label, an annotation or a controller's bookkeeping on a
  // workload admitted before the policies were installed is not refused, a new rollout is.
  conditions.push({ name: 'creates-or-changes-the-pod', expression: `request.operation != 'UPDATE' || oldObject == null || ${POD_TEMPLATE_CHANGED}` });
  if (!EVERY_WORKLOAD_RULES.includes(rule)) {
    conditions.push({ name: 'targets-windows', expression: bind('s', POD_SPEC, targetsWindows('s')) });
  }
  if (rule.hostProcessPods === HostProcessPods.SKIPPED) {
    conditions.push({ name: 'not-host-process', expression: bind('s', POD_SPEC, `!(${isHostProcess('s', allContainers('s'))})`) });
  }
  if (rule.apiServer !== ApiServerEnforcement.ALWAYS) {
    let expression = `!(${suppressedBy(rule.name, IGNORE_ANNOTATION_PREFIX, MIN_SUPPRESSION_REASON_LENGTH)})`;
    // The API server refuses what such a rule finds in pods with spec.os.name: windows, so the annotation does not suppress it there.
    if (rule.apiServer === ApiServerEnforcement.WINDOWS_PODS) expression = `${expression} || ${bind('s', POD_SPEC, "has(s.os) && has(s.os.name) && s.os.name == 'windows'")}`;
    conditions.push({ name: 'not-suppressed', expression });
  }
  return conditions;
}

/**
 * Throws when the policies cannot run on the target: ValidatingAdmissionPolicy is GA
 * (`admissionregistration.k8s.io/v1`, on by default) from Kubernetes 1.30.
 * @param how how the user sets the target, for the message
 */
export function requirePolicyTarget(profile: TargetProfile, how: string): void {
  if (profile.kubernetesVersion.isAtLeast(ADMISSION_POLICY_MINIMUM_MINOR)) return;
  throw new Error(`ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1) need Kubernetes 1.${ADMISSION_POLICY_MINIMUM_MINOR} or newer, `
    + `but the target is Kubernetes ${profile.kubernetesVersion}: ${how}. On an older cluster, check manifests before they reach it (cdk8s-windows check, the validation plugin).`);
}

/** The rules that have no policy at `profile`, each with why (no CEL form, or nothing to check at that target). */
export function rulesWithoutPolicy(profile: TargetProfile): Array<{ readonly rule: string; readonly why: string }> {
  const withPolicy = new Set(rulePolicies(profile).map(p => p.rule.name));
  return CATALOG.filter(rule => !withPolicy.has(rule.name)).map(rule => ({
    rule: rule.name,
    why: rule.admission?.unsupported ?? (rule.admission?.checks ? 'nothing to check at this target' : 'no policy form yet'),
  }));
}

/** The profile's labels and annotations on every object. */
function metadataOf(name: string, profile: TargetProfile, extraLabels: { [key: string]: string }): JsonObject {
  return {
    name,
    labels: {
      [POLICY_LABELS.managedBy]: MANAGED_BY,
      [POLICY_LABELS.kubernetesVersion]: profile.kubernetesVersion.toString(),
      ...(profile.windowsServerVersion ? { [POLICY_LABELS.windowsServerVersion]: profile.windowsServerVersion.year } : {}),
      ...extraLabels,
    },
    annotations: {
      [POLICY_ANNOTATIONS.target]: profile.describe(),
      [POLICY_ANNOTATIONS.minimumKubernetesVersion]: `1.${ADMISSION_POLICY_MINIMUM_MINOR}`,
    },
  };
}

/** The ValidatingAdmissionPolicy of one rule policy. */
export function policyObject(policy: RulePolicy, profile: TargetProfile, failurePolicy: 'Fail' | 'Ignore' = 'Fail'): JsonObject {
  const { rule } = policy;
  const fix = celString(`. Fix: ${rule.remediation}`);
  return {
    apiVersion: ADMISSION_POLICY_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: metadataOf(policy.name, profile, { [POLICY_LABELS.rule]: rule.name, [POLICY_LABELS.severity]: policy.severity }),
    spec: {
      failurePolicy,
      matchConstraints: {
        resourceRules: MATCHED_RESOURCES.map(({ apiGroup, resources }) => ({
          apiGroups: [apiGroup], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: [...resources],
        })),
      },
      matchConditions: matchConditions(rule),
      variables: POLICY_VARIABLES.map(v => ({ ...v })),
      validations: policy.checks.map(check => ({
        expression: check.expression,
        messageExpression: `${celString(`${rule.name}: `)} + (${check.messageExpression}) + ${fix}`,
        // A static message too: the API server shows it if the message expression fails.
        message: `${rule.name}: ${rule.summary} Fix: ${rule.remediation}`,
        reason: 'Invalid',
      })),
    },
  };
}

/** The ValidatingAdmissionPolicyBinding of one rule policy. */
export function bindingObject(policy: RulePolicy, profile: TargetProfile, namespaceSelector?: JsonObject): JsonObject {
  return {
    apiVersion: ADMISSION_POLICY_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: metadataOf(policy.name, profile, { [POLICY_LABELS.rule]: policy.rule.name, [POLICY_LABELS.severity]: policy.severity }),
    spec: {
      policyName: policy.name,
      validationActions: [...VALIDATION_ACTIONS[policy.severity]],
      ...(namespaceSelector ? { matchResources: { namespaceSelector } } : {}),
    },
  };
}

/**
 * Every rule's ValidatingAdmissionPolicy and binding at `profile`, policy then binding, in the
 * order of the catalog.
 */
export function admissionPolicies(profile: TargetProfile, options: AdmissionPolicyOptions = {}): JsonObject[] {
  return rulePolicies(profile, options).flatMap(policy => [
    policyObject(policy, profile, options.failurePolicy),
    bindingObject(policy, profile, options.namespaceSelector),
  ]);
}
