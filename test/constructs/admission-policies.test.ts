// WindowsAdmissionPolicies: the generator's policies and bindings in a chart, for the chart's target.
// The upstream validators of test/apiserver do not build the admissionregistration strategies (they
// need an authorizer and a CEL type resolver), so the objects are held to their schema here, and a real
// 1.37 API server creates the same objects in test/cluster/admission-policies.test.ts.
import { Chart, Testing } from 'cdk8s';
import { AdmissionFailurePolicy, KubernetesVersion, TargetProfile, WindowsAdmissionPolicies, WindowsServerVersion } from '../../src';
import { rulePolicies } from '../../src/admission-policy/policies';
import { schemaErrors } from '../support/manifests';

/** The chart's objects, each valid for its schema (kubernetes-models). */
function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  expect(objects.flatMap(o => schemaErrors(o).map(e => `${o.kind}/${o.metadata.name}: ${e}`))).toEqual([]);
  return objects;
}

const K137 = { kubernetesVersion: KubernetesVersion.of('1.37') };

test('writes a policy and a binding per rule policy of the target, valid for their schema', () => {
  const chart = Testing.chart();
  const policies = new WindowsAdmissionPolicies(chart, 'policies', { ...K137, windowsServerVersion: WindowsServerVersion.WS2022 });
  const objects = synthValid(chart);
  const expected = rulePolicies(TargetProfile.of({ ...K137, windowsServerVersion: WindowsServerVersion.WS2022 })).map(p => p.name);
  expect(policies.policyNames).toEqual(expected);
  expect(objects.filter(o => o.kind === 'ValidatingAdmissionPolicy').map(o => o.metadata.name)).toEqual(expected);
  expect(objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding').map(o => o.spec.policyName)).toEqual(expected);
  expect(objects.every(o => o.metadata.labels['cdk8s-windows.io/target-windows-server-version'] === '2022')).toBe(true);
});

test('the chart-wide target applies', () => {
  const chart = Testing.chart();
  TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of('1.31') });
  const policies = new WindowsAdmissionPolicies(chart, 'policies');
  expect(policies.profile.kubernetesVersion.toString()).toBe('1.31');
  expect(synthValid(chart).every(o => o.metadata.labels['cdk8s-windows.io/target-kubernetes-version'] === '1.31')).toBe(true);
});

test('rules, failurePolicy and namespaceLabels are written as given', () => {
  const chart = Testing.chart();
  new WindowsAdmissionPolicies(chart, 'policies', { ...K137, rules: ['no-host-network', 'os-selector-conflict'], failurePolicy: AdmissionFailurePolicy.IGNORE, namespaceLabels: { 'windows-workloads': 'true' } });
  const objects = synthValid(chart);
  expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
    'ValidatingAdmissionPolicy/cdk8s-windows-os-selector-conflict', 'ValidatingAdmissionPolicyBinding/cdk8s-windows-os-selector-conflict',
    'ValidatingAdmissionPolicy/cdk8s-windows-no-host-network', 'ValidatingAdmissionPolicyBinding/cdk8s-windows-no-host-network',
  ]);
  expect(objects.filter(o => o.kind === 'ValidatingAdmissionPolicy').map(o => o.spec.failurePolicy)).toEqual(['Ignore', 'Ignore']);
  expect(objects.filter(o => o.kind === 'ValidatingAdmissionPolicyBinding').map(o => o.spec.matchResources)).toEqual([
    { namespaceSelector: { matchLabels: { 'windows-workloads': 'true' } } }, { namespaceSelector: { matchLabels: { 'windows-workloads': 'true' } } },
  ]);
});

test('a target older than Kubernetes 1.30 is an error saying what to set', () => {
  const chart: Chart = Testing.chart();
  expect(() => new WindowsAdmissionPolicies(chart, 'policies')).toThrow(/need Kubernetes 1\.30 or newer, but the target is Kubernetes 1\.27: set kubernetesVersion/);
});

test('an unknown rule is an error naming it', () => {
  expect(() => new WindowsAdmissionPolicies(Testing.chart(), 'policies', { ...K137, rules: ['no-such-rule'] })).toThrow(/Unknown rule 'no-such-rule'/);
});
