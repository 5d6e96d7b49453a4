// Unit tests: policy config -> target profile, severity -> enforcement level (no Pulumi engine).
import { ContainerRuntime, Isolation, Severity } from 'cdk8s-windows';
import { enforcementLevelOf, policySeverityOf, profileOf } from '../../src/policy-config';

describe('unit: enforcementLevelOf', () => {
  test('errors are mandatory whatever the config', () => {
    expect(enforcementLevelOf(Severity.ERROR, {})).toBe('mandatory');
    expect(enforcementLevelOf(Severity.ERROR, { strict: false, info: 'disabled' })).toBe('mandatory');
  });

  test('warnings are advisory, mandatory when strict', () => {
    expect(enforcementLevelOf(Severity.WARNING, {})).toBe('advisory');
    expect(enforcementLevelOf(Severity.WARNING, { strict: true })).toBe('mandatory');
  });

  test('info is advisory, or disabled by config', () => {
    expect(enforcementLevelOf(Severity.INFO, {})).toBe('advisory');
    expect(enforcementLevelOf(Severity.INFO, { info: 'disabled' })).toBe('disabled');
    expect(enforcementLevelOf(Severity.INFO, { strict: true })).toBe('advisory');
  });

  test('policy severities follow the finding severities', () => {
    expect([Severity.ERROR, Severity.WARNING, Severity.INFO].map(policySeverityOf)).toEqual(['high', 'medium', 'low']);
  });
});

describe('unit: profileOf', () => {
  test('defaults are the library\'s: Kubernetes 1.27, containerd, process isolation, no Windows Server pinned', () => {
    const profile = profileOf({});
    expect(profile.describe()).toBe('Kubernetes 1.27, Windows Server not pinned, containerd, process isolation');
  });

  test('every field is read', () => {
    const profile = profileOf({ kubernetesVersion: '1.23', windowsServerVersion: 'ltsc2019', runtime: 'docker-ee', isolation: 'hyperv' });
    expect(profile.kubernetesVersion.minor).toBe(23);
    expect(profile.windowsServerVersion?.buildNumber).toBe(17763);
    expect(profile.runtime).toBe(ContainerRuntime.DOCKER_EE);
    expect(profile.isolation).toBe(Isolation.HYPERV);
  });

  test('a bad value fails with the library\'s message', () => {
    expect(() => profileOf({ kubernetesVersion: '2.0' })).toThrow(/Invalid Kubernetes version '2.0'/);
    expect(() => profileOf({ windowsServerVersion: '2016' })).toThrow(/Unknown Windows Server version '2016'/);
    expect(() => profileOf({ runtime: 'cri-o' as any })).toThrow(/Unknown container runtime 'cri-o'/);
    expect(() => profileOf({ runtime: 'docker-ee', kubernetesVersion: '1.27' })).toThrow(/Docker EE runtime needs Kubernetes 1.23 or older/);
  });
});
