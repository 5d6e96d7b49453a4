// The namespace rules: Pod Security Admission (enforce, warn and audit labels, by level and
// version) and the gMSA webhook's admission. The examples (examples.ts), then the level and
// version table of the ported checks and the label parsing edge cases.
import { credentialSpec, EXAMPLES, gmsaDeployment, hostProcessDaemonSet, iisDeployment, inNamespace, namespace, PROFILE } from './examples';
import { KubernetesVersion, PodSecurityLevel, TargetProfile, WindowsRules } from '../../../src';
import { findPodSpec } from '../../../src/model/manifest';
import { evaluatePod, policyOfLabels } from '../../../src/rules/lib/pod-security';
import { NAMESPACE_RULES } from '../../../src/rules/namespace';
import { windowsDeployment, windowsPodSpec } from '../../support/fixtures';
import { ruleFindings, testExamples } from '../../support/rules';

testExamples(EXAMPLES, NAMESPACE_RULES, PROFILE);

const findings = ruleFindings(NAMESPACE_RULES, PROFILE);
const checks = (object: any, level: PodSecurityLevel, minor: number) => evaluatePod(findPodSpec(object)!, level, minor).map(f => f.check);

describe('each finding says what to change (its remediation)', () => {
  const remediations = (objects: any[], rule = 'pod-security-enforce', profile = PROFILE) => findings(objects, rule, profile).map(f => f.remediation);
  test.each([
    ['IIS under restricted: baseline, or an image that does not need an administrator', [namespace('web', { enforce: 'restricted' }), inNamespace(iisDeployment(), 'web')],
      ['pod-security.kubernetes.io/enforce: baseline', 'an image that does not need an administrator', 'ContainerUser with runAsNonRoot: true']],
    ['HostProcess under baseline: a privileged namespace', [namespace('agents', { enforce: 'baseline' }), inNamespace(hostProcessDaemonSet(), 'agents')],
      ['pod-security.kubernetes.io/enforce: privileged']],
    ['restricted pinned to v1.24: enforce-version v1.25 or newer', [namespace('web', { 'enforce': 'restricted', 'enforce-version': 'v1.24' }), inNamespace(windowsDeployment(), 'web')],
      ['no Windows pod is admitted', 'enforce-version to v1.25 or newer (or latest)']],
    ['no spec.os under restricted latest: set spec.os.name', [namespace('web', { enforce: 'restricted' }), inNamespace(windowsDeployment(windowsPodSpec({ os: undefined })), 'web')],
      ['Set spec.os.name: windows on the pod (from policy v1.25 this check exempts Windows pods)']],
  ])('%s', (_name, objects, names) => {
    const texts = remediations(objects as any[]);
    expect(texts.length).toBeGreaterThan(0);
    for (const name of names as string[]) expect(texts.some(text => text.includes(name))).toBe(true);
  });
});

describe('the ported checks by level and policy version', () => {
  test.each([
    // A clean Windows pod with spec.os: restricted admits it from v1.25, never before.
    ['clean Windows pod', windowsDeployment(), PodSecurityLevel.RESTRICTED, 24, ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']],
    ['clean Windows pod', windowsDeployment(), PodSecurityLevel.RESTRICTED, 25, []],
    ['clean Windows pod', windowsDeployment(), PodSecurityLevel.RESTRICTED, 37, []],
    // Before v1.22 restricted has no capabilities check of its own (the baseline one does not ask for drop ALL).
    ['clean Windows pod', windowsDeployment(), PodSecurityLevel.RESTRICTED, 21, ['allowPrivilegeEscalation', 'seccompProfile_restricted']],
    ['IIS', iisDeployment(), PodSecurityLevel.RESTRICTED, 37, ['runAsNonRoot']],
    ['IIS', iisDeployment(), PodSecurityLevel.BASELINE, 37, []],
    // Host network: the API server makes the container port 80 a hostPort before admission.
    ['HostProcess', hostProcessDaemonSet(), PodSecurityLevel.BASELINE, 25, ['hostNamespaces', 'hostPorts', 'windowsHostProcess']],
    ['HostProcess', hostProcessDaemonSet(), PodSecurityLevel.PRIVILEGED, 37, []],
    // runAsNonRoot: a HostProcess pod runs as a host account, so restricted fails it there too.
    ['HostProcess', hostProcessDaemonSet(), PodSecurityLevel.RESTRICTED, 37, ['hostNamespaces', 'hostPorts', 'windowsHostProcess', 'runAsNonRoot']],
  ])('%s at %s v1.%d fails %j', (_name, object, level, minor, expected) => {
    expect(checks(object, level as PodSecurityLevel, minor as number)).toEqual(expected);
  });

  test('probe and lifecycle hosts fail baseline from v1.34 only; host ports and privileged at every version', () => {
    const object = windowsDeployment(windowsPodSpec({
      containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', ports: [{ containerPort: 80, hostPort: 8080 }], livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } }, securityContext: { privileged: true } }],
    }));
    expect(checks(object, PodSecurityLevel.BASELINE, 33)).toEqual(['hostPorts', 'privileged']);
    expect(checks(object, PodSecurityLevel.BASELINE, 34)).toEqual(['hostPorts', 'hostProbesAndHostLifecycle', 'privileged']);
  });

  test('capabilities: baseline forbids adds outside the default set; restricted v1.25 exempts Windows pods entirely', () => {
    const object = windowsDeployment(windowsPodSpec({ containers: [{ name: 'app', image: 'x', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] }));
    expect(checks(object, PodSecurityLevel.BASELINE, 37)).toEqual(['capabilities_baseline']);
    expect(checks(object, PodSecurityLevel.RESTRICTED, 37)).toEqual([]);
  });
});

describe('namespace labels', () => {
  test('an invalid enforce level fails closed (restricted), an invalid version is latest, invalid warn fails open', () => {
    const policy = policyOfLabels({ 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/enforce-version': '1.25', 'pod-security.kubernetes.io/warn': 'loud' }, 'x');
    expect(policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(policy.warn).toEqual({ level: 'privileged', version: 'latest' });
  });

  test('warn takes the enforce level and version when enforce is stricter and warn is unset', () => {
    const policy = policyOfLabels({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.24' }, 'x');
    expect(policy.warn).toEqual({ level: 'baseline', version: 'v1.24' });
  });

  test('a pinned version newer than the target is judged at the target\'s version (the message says so)', () => {
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.27') });
    const [finding] = findings([namespace('web', { 'enforce': 'restricted', 'enforce-version': 'v1.30' }), inNamespace(iisDeployment(), 'web')], 'pod-security-enforce', profile);
    expect(finding.message).toContain('restricted (version v1.30, judged as v1.27 on Kubernetes 1.27)');
  });

  test('an entry without namespace applies to every other namespace and to workloads without one', () => {
    const profile = TargetProfile.of({ podSecurity: [{ enforce: PodSecurityLevel.RESTRICTED }, { namespace: 'legacy', enforce: PodSecurityLevel.BASELINE }] });
    expect(findings([iisDeployment()], 'pod-security-enforce', profile).map(f => f.message)).toEqual([expect.stringContaining("the target's podSecurity for workloads without a namespace")]);
    expect(findings([inNamespace(iisDeployment(), 'shop')], 'pod-security-enforce', profile)).toHaveLength(1);
    expect(findings([inNamespace(iisDeployment(), 'legacy')], 'pod-security-enforce', profile)).toEqual([]);
  });

  test('the target refuses malformed podSecurity entries, naming the entry and the value', () => {
    expect(() => TargetProfile.of({ podSecurity: [{ namespace: 'web', enforceVersion: '1.25' }] }))
      .toThrow("Invalid target: the podSecurity entry of namespace 'web': enforceVersion (pod-security.kubernetes.io/enforce-version) is \"1.25\": expected 'latest' or 'v1.<minor>'");
    expect(() => TargetProfile.of({ podSecurity: [{ namespace: 'web' }, { namespace: 'web' }] })).toThrow("the podSecurity entry of namespace 'web' is given twice");
  });
});

describe('every entry point sees the Namespaces of its input', () => {
  test('WindowsRules.checkManifests (the Pulumi pack\'s entry point): the Namespace after the workload, and a credential spec CRD object', () => {
    const found = WindowsRules.checkManifests([inNamespace(iisDeployment(), 'web'), namespace('web', { enforce: 'restricted' })]);
    expect(found.filter(f => f.rule === 'pod-security-enforce').map(f => [f.resource.name, f.path])).toEqual([['site', 'spec.template.spec.securityContext.runAsNonRoot']]);
    const gmsa = WindowsRules.checkManifests([gmsaDeployment('webapp1'), credentialSpec('webapp2')]);
    expect(gmsa.filter(f => f.rule === 'gmsa-use-not-granted').map(f => f.path)).toEqual(['spec.template.spec.securityContext.windowsOptions.gmsaCredentialSpecName']);
  });
});
