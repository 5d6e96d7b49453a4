// Unit tests: the pack's platform and podSecurity config, in code (windowsPolicyPack's config) and
// per policy at run time (--policy-pack-config), reach the engine: the EKS and Pod Security rules
// judge the stack with them.
import { ReportViolation, StackValidationArgs } from '@pulumi/policy';
import { Platform, Severity } from 'cdk8s-windows';
import { profileOf, PROFILE_CONFIG_SCHEMA, WindowsPolicyConfig } from '../../src/policy-config';
import { checkResources, severityPolicy } from '../../src/policy-pack';
import { KubernetesResource } from '../../src/resource-manifests';
import { deploymentResource, windowsPodSpec } from '../support/fixtures';

/** The rules of one severity's stack policy over `resources`, as the policy runtime would report them. */
function reported(severity: Severity, resources: KubernetesResource[], packConfig: WindowsPolicyConfig = {}, policyConfig: object = {}): string[] {
  const found: string[] = [];
  const report: ReportViolation = message => { found.push(/^\[([a-z0-9-]+)\]/.exec(message)![1]); };
  const args = { resources, stackTags: new Map(), getConfig: () => policyConfig, notApplicable: () => undefined } as unknown as StackValidationArgs;
  void severityPolicy(severity, packConfig).validateStack(args, report);
  return found;
}

/** A Windows Deployment placed by node affinity alone (fine upstream; no IP address on EKS). */
const affinityOnly = deploymentResource('affinity', {
  ...windowsPodSpec(),
  nodeSelector: undefined,
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }] } } },
});
/** An IIS Deployment running as ContainerAdministrator (restricted refuses its pods). */
const iis = deploymentResource('iis', windowsPodSpec({
  image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
  securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
}));

describe('unit: profileOf reads platform and podSecurity', () => {
  test('both reach the target profile; the defaults are generic and none', () => {
    expect(profileOf({}).platform).toBe(Platform.GENERIC);
    expect(profileOf({}).podSecurity).toEqual([]);
    const profile = profileOf({ platform: 'eks', podSecurity: [{ namespace: 'web', enforce: 'restricted' as any }] });
    expect(profile.platform).toBe(Platform.EKS);
    expect(profile.podSecurity).toEqual([{ namespace: 'web', enforce: 'restricted' }]);
    expect(profile.describe()).toBe('Kubernetes 1.27, Windows Server not pinned, containerd, process isolation, on EKS, Pod Security labels of web');
  });

  test('a bad value fails with a message naming it', () => {
    expect(() => profileOf({ platform: 'azure' as any })).toThrow("Unknown platform 'azure': expected 'generic', 'aks', 'eks', 'gke', 'openshift'.");
    expect(() => profileOf({ podSecurity: { namespace: 'web' } as any })).toThrow(/Invalid podSecurity \{"namespace":"web"\}: expected a list of objects/);
    expect(() => profileOf({ podSecurity: [{ namespace: 'web', enforce: 'strict' as any }] })).toThrow(/Invalid target: the podSecurity entry of namespace 'web'/);
  });

  test('the policy config schema takes both', () => {
    expect(PROFILE_CONFIG_SCHEMA.properties.platform).toMatchObject({ type: 'string', enum: ['generic', 'aks', 'eks', 'gke', 'openshift'] });
    expect(PROFILE_CONFIG_SCHEMA.properties.podSecurity).toMatchObject({ type: 'array' });
  });
});

describe('unit: the policies judge the stack with them', () => {
  test('platform eks: a Windows Deployment placed by affinity alone is an error; generic and aks pass it', () => {
    expect(checkResources([affinityOnly], { platform: 'eks' }).map(f => f.finding.rule)).toContain('eks-windows-node-selector');
    expect(reported(Severity.ERROR, [affinityOnly], { platform: 'eks' })).toEqual(['eks-windows-node-selector']);
    expect(reported(Severity.ERROR, [affinityOnly])).toEqual([]);
    expect(reported(Severity.ERROR, [affinityOnly], { platform: 'aks' })).toEqual([]);
  });

  test('platform from --policy-pack-config overrides the pack\'s', () => {
    expect(reported(Severity.ERROR, [affinityOnly], { platform: 'aks' }, { platform: 'eks' })).toEqual(['eks-windows-node-selector']);
  });

  test('podSecurity: IIS in the default namespace labelled restricted is an error; baseline passes', () => {
    expect(reported(Severity.ERROR, [iis], { podSecurity: [{ namespace: 'default', enforce: 'restricted' as any }] })).toEqual(['pod-security-enforce']);
    expect(reported(Severity.ERROR, [iis], {}, { podSecurity: [{ enforce: 'restricted' }] })).toEqual(['pod-security-enforce']);
    expect(reported(Severity.ERROR, [iis], { podSecurity: [{ namespace: 'default', enforce: 'baseline' as any }] })).toEqual([]);
  });
});

describe('unit: nodePools reach the scheduling rules', () => {
  const win22 = { name: 'win22', labels: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' as any }] };
  const linux = { name: 'system', labels: { 'kubernetes.io/os': 'linux' } };

  test('a Windows Deployment that does not tolerate the pool taint: no pool accepts it; a pool without the taint does', () => {
    const untolerating = deploymentResource('web', { ...windowsPodSpec(), tolerations: undefined });
    expect(reported(Severity.ERROR, [untolerating], { nodePools: [linux, win22] })).toEqual(['no-node-pool-accepts']);
    expect(reported(Severity.ERROR, [untolerating], {}, { nodePools: [linux, { ...win22, taints: [] }] })).toEqual([]);
    // Without pools, the scheduling rules do not run.
    expect(reported(Severity.ERROR, [untolerating])).toEqual([]);
  });

  test('a bad pool fails with a message naming it', () => {
    expect(() => profileOf({ nodePools: { name: 'x' } as any })).toThrow(/Invalid nodePools \{"name":"x"\}: expected a list of objects/);
    expect(() => profileOf({ nodePools: [{ name: 'win22', taints: [{ key: 'os', effect: 'Never' as any }] }] })).toThrow(/win22/);
  });

  test('the policy config schema takes them', () => {
    expect(PROFILE_CONFIG_SCHEMA.properties.nodePools).toMatchObject({ type: 'array', items: { required: ['name'] } });
  });
});
