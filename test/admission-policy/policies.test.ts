// The generator: one ValidatingAdmissionPolicy and binding per rule (per rule and severity when
// its checks differ), matching what the engine runs the rule on. Whether the CEL finds what the
// engine finds is proven on a real API server: test/cluster/admission-policies.test.ts.
import { KubernetesVersion, Severity, TargetProfile } from '../../src';
import { admissionPolicies, matchConditions, rulePolicies } from '../../src/admission-policy/policies';
import { CATALOG } from '../../src/engine/catalog';
import { EVERY_WORKLOAD_RULES } from '../../src/rules/placement';
import { ApiServerEnforcement, HostProcessPods } from '../../src/rules/rule';

const K137 = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37') });
const rule = (name: string) => CATALOG.find(r => r.name === name)!;

test('a policy and a binding per rule policy, same name, the binding naming its policy', () => {
  const objects = admissionPolicies(K137);
  const policies = objects.filter(o => o.kind === 'ValidatingAdmissionPolicy');
  const bindings = objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding');
  expect(policies.length).toBeGreaterThan(0);
  expect(bindings.map(b => b.spec.policyName)).toEqual(policies.map(p => p.metadata.name));
  expect(bindings.map(b => b.metadata.name)).toEqual(policies.map(p => p.metadata.name));
  for (const o of objects) {
    expect(o.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(o.metadata.name).toMatch(/^cdk8s-windows-[a-z0-9-]+$/);
    expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-windows');
    expect(o.metadata.labels['cdk8s-windows.io/target-kubernetes-version']).toBe('1.37');
    expect(o.metadata.annotations['cdk8s-windows.io/minimum-kubernetes-version']).toBe('1.30');
  }
});

test('errors deny, warnings warn, advice is audited', () => {
  for (const policy of rulePolicies(K137)) {
    const binding = admissionPolicies(K137, { rules: [policy.rule.name] }).find(o => o.kind === 'ValidatingAdmissionPolicyBinding' && o.metadata.name === policy.name)!;
    const expected = { [Severity.ERROR]: ['Deny'], [Severity.WARNING]: ['Warn'], [Severity.INFO]: ['Audit'] }[policy.severity];
    expect({ name: policy.name, actions: binding.spec.validationActions }).toEqual({ name: policy.name, actions: expected });
  }
});

test('a rule whose checks differ in severity at a target gets one policy per severity, named for it', () => {
  const split = rulePolicies(K137).filter((p, _, all) => all.filter(q => q.rule === p.rule).length > 1);
  for (const policy of split) expect(policy.name).toBe(`cdk8s-windows-${policy.rule.name}-${policy.severity}`);
  const single = rulePolicies(K137).filter((p, _, all) => all.filter(q => q.rule === p.rule).length === 1);
  for (const policy of single) expect(policy.name).toBe(`cdk8s-windows-${policy.rule.name}`);
});

test('the severity follows the target: no-host-network warns on 1.26 to 1.32 and denies elsewhere', () => {
  const at = (minor: number) => rulePolicies(TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) }), { rules: ['no-host-network'] }).map(p => p.severity);
  expect(at(27)).toEqual([Severity.WARNING]);
  expect(at(37)).toEqual([Severity.ERROR]);
  expect(at(25)).toEqual([Severity.ERROR]);
});

test('every message names the rule and its fix', () => {
  for (const policy of admissionPolicies(K137).filter(o => o.kind === 'ValidatingAdmissionPolicy')) {
    const name = policy.metadata.labels['cdk8s-windows.io/rule'];
    for (const validation of policy.spec.validations) {
      expect(validation.messageExpression.startsWith(`"${name}: " + (`)).toBe(true);
      expect(validation.messageExpression).toContain('. Fix: ');
    }
  }
});

test('the match conditions: Windows pods only except the placement rules for every workload; HostProcess pods skipped where the engine skips them; the annotation where the engine honours it', () => {
  for (const r of CATALOG) {
    const names = matchConditions(r).map(c => c.name);
    expect({ rule: r.name, windows: names.includes('targets-windows') }).toEqual({ rule: r.name, windows: !EVERY_WORKLOAD_RULES.includes(r) });
    expect({ rule: r.name, hostProcess: names.includes('not-host-process') }).toEqual({ rule: r.name, hostProcess: r.hostProcessPods === HostProcessPods.SKIPPED });
    expect({ rule: r.name, suppressible: names.includes('not-suppressed') }).toEqual({ rule: r.name, suppressible: r.apiServer !== ApiServerEnforcement.ALWAYS });
    expect(names.slice(0, 2)).toEqual(['not-made-by-a-workload-controller', 'creates-or-changes-the-pod']);
  }
  const windowsPodsRule = CATALOG.find(r => r.apiServer === ApiServerEnforcement.WINDOWS_PODS);
  if (windowsPodsRule) {
    expect(matchConditions(windowsPodsRule).find(c => c.name === 'not-suppressed')!.expression).toContain("s.os.name == 'windows'");
  }
});

test('every policy matches Pods and the workload kinds, on create and update', () => {
  const policy = admissionPolicies(K137, { rules: ['no-host-network'] })[0];
  const resources = policy.spec.matchConstraints.resourceRules.flatMap((r: any) => r.resources.map((x: string) => `${r.apiGroups[0]}/${x}`)).sort();
  expect(resources).toEqual(['/pods', '/replicationcontrollers', 'apps/daemonsets', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'batch/cronjobs', 'batch/jobs']);
  for (const r of policy.spec.matchConstraints.resourceRules) expect(r.operations).toEqual(['CREATE', 'UPDATE']);
  expect(policy.spec.variables.map((v: any) => v.name)).toEqual(['spec', 'meta', 'containers', 'hostProcess']);
});

test('options: rules, failurePolicy, namespaceSelector; an unknown rule is an error naming it', () => {
  const objects = admissionPolicies(K137, { rules: ['no-host-network'], failurePolicy: 'Ignore', namespaceSelector: { matchLabels: { windows: 'true' } } });
  expect(objects.map(o => o.metadata.name)).toEqual(['cdk8s-windows-no-host-network', 'cdk8s-windows-no-host-network']);
  expect(objects[0].spec.failurePolicy).toBe('Ignore');
  expect(objects[1].spec.matchResources).toEqual({ namespaceSelector: { matchLabels: { windows: 'true' } } });
  expect(() => admissionPolicies(K137, { rules: ['no-such-rule'] })).toThrow(/Unknown rule 'no-such-rule'/);
  expect(rule('no-host-network')).toBeDefined();
});
