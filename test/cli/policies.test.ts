// `cdk8s-windows policies`: the generator's policies as YAML for `kubectl apply -f -`, for the
// profile the flags give; usage errors for what does not go with it.
import * as jsyaml from 'js-yaml';
import { cli } from './support/cli';
import { KubernetesVersion, TargetProfile, WindowsServerVersion } from '../../src';
import { admissionPolicies } from '../../src/admission-policy/policies';

test('prints every policy and binding of the target as YAML, the same objects as the generator', async () => {
  const result = await cli(['policies', '--windows-version', '2022', '--kubernetes-version', '1.33']);
  expect(result.status).toBe(0);
  const documents = jsyaml.loadAll(result.stdout);
  expect(documents).toEqual(admissionPolicies(TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.33'), windowsServerVersion: WindowsServerVersion.WS2022 })));
  expect(result.stdout).toMatch(/^# The Windows rules of cdk8s-windows as \d+ ValidatingAdmissionPolicies/);
  expect(result.stdout).toContain('# Rules without a policy here');
  expect(result.stdout).toContain('#   max-service-backends: It counts the replicas');
});

test('the default target is Kubernetes 1.37, as for check', async () => {
  const result = await cli(['policies']);
  expect(result.status).toBe(0);
  const documents = jsyaml.loadAll(result.stdout) as any[];
  expect(documents.every(d => d.metadata.labels['cdk8s-windows.io/target-kubernetes-version'] === '1.37')).toBe(true);
});

test('--rules and --failure-policy', async () => {
  const result = await cli(['policies', '--rules', 'no-host-network,os-selector-conflict', '--failure-policy', 'Ignore']);
  expect(result.status).toBe(0);
  const documents = jsyaml.loadAll(result.stdout) as any[];
  expect(documents.map(d => `${d.kind}/${d.metadata.name}`)).toEqual([
    'ValidatingAdmissionPolicy/cdk8s-windows-os-selector-conflict', 'ValidatingAdmissionPolicyBinding/cdk8s-windows-os-selector-conflict',
    'ValidatingAdmissionPolicy/cdk8s-windows-no-host-network', 'ValidatingAdmissionPolicyBinding/cdk8s-windows-no-host-network',
  ]);
  expect(documents.filter(d => d.kind === 'ValidatingAdmissionPolicy').map(d => d.spec.failurePolicy)).toEqual(['Ignore', 'Ignore']);
});

test.each([
  [['policies', '--kubernetes-version', '1.29'], /need Kubernetes 1\.30 or newer, but the target is Kubernetes 1\.29: pass --kubernetes-version 1\.30 or newer/],
  [['policies', '--rules', 'no-such-rule'], /Unknown rule 'no-such-rule'/],
  [['policies', '--failure-policy', 'Maybe'], /--failure-policy: invalid value 'Maybe': expected Fail or Ignore/],
  [['policies', '--strict'], /--strict goes with the check command, not policies/],
  [['policies', 'manifests/'], /policies takes no paths \(got 'manifests\/'\)/],
  [['check', '--rules', 'x', 'a.yaml'], /--rules goes with the policies command/],
  [['lint'], /unknown command 'lint': the commands are 'check' and 'policies'/],
])('%j is refused with a message, exit status 2, no output', async (args, message) => {
  const result = await cli(args as string[]);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
});
