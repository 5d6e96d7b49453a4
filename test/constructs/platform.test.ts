// The platform at synthesis: set per construct or chart-wide (TargetProfile.configure, the context
// key), judged by the platform rules, and what the Windows constructs already write for each
// platform's admission (EKS's node selector, OpenShift's spec.os).
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  HyperVIsolatedPod, KubernetesVersion, Platform, TargetProfile, WindowsDeployment, WindowsServerVersion,
} from '../../src';
import { synthError, synthValid } from '../support/manifests';

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const NANO = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';

describe('the target', () => {
  test('configure and the context key set it; a construct option wins; the default is generic', () => {
    const chart = Testing.chart();
    expect(TargetProfile.resolve(chart).platform).toBe(Platform.GENERIC);
    TargetProfile.configure(chart, { platform: Platform.EKS });
    expect(TargetProfile.resolve(chart).platform).toBe(Platform.EKS);
    expect(TargetProfile.resolve(chart, { platform: Platform.AKS }).platform).toBe(Platform.AKS);
    const byKey = Testing.chart();
    byKey.node.setContext('cdk8s-windows:platform', 'openshift');
    expect(TargetProfile.resolve(byKey).platform).toBe(Platform.OPENSHIFT);
  });

  test('describe() names it when it is not generic', () => {
    expect(TargetProfile.of({ platform: Platform.GKE }).describe()).toBe('Kubernetes 1.27, Windows Server not pinned, containerd, process isolation, on GKE');
    expect(TargetProfile.of().describe()).not.toContain(' on ');
  });

  test('an unknown platform is said, in the context key and in the options', () => {
    const chart = Testing.chart();
    chart.node.setContext('cdk8s-windows:platform', 'azure');
    expect(() => new WindowsDeployment(chart, 'web')).toThrow("Invalid context value 'azure' for 'cdk8s-windows:platform': expected one of generic, aks, eks, gke, openshift.");
    expect(() => TargetProfile.of({ platform: 'azure' as Platform })).toThrow("Invalid target: platform 'azure' is not one of generic, aks, eks, gke, openshift.");
  });
});

describe('EKS: the Windows constructs write the node selector the VPC resource controller needs', () => {
  test('a WindowsDeployment, with node affinity of the user beside it, has kubernetes.io/os: windows in its node selector and passes', () => {
    const chart = Testing.chart();
    TargetProfile.configure(chart, { platform: Platform.EKS, kubernetesVersion: KubernetesVersion.of('1.33') });
    const web = new WindowsDeployment(chart, 'web', { containers: [{ image: NANO, portNumber: 80 }] });
    web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('node.kubernetes.io/windows-build', '10.0.20348')));
    const [manifest] = synthValid(chart);
    expect(manifest.spec.template.spec.nodeSelector).toMatchObject({ 'kubernetes.io/os': 'windows' });
    expect(manifest.spec.template.spec.affinity.nodeAffinity).toBeDefined();
  });
});

describe('EKS: a HyperVIsolatedPod (RuntimeClass mode) keeps the OS node selector beside its RuntimeClass', () => {
  test('it passes on EKS', () => {
    const chart = Testing.chart();
    new HyperVIsolatedPod(chart, 'vm', { platform: Platform.EKS, kubernetesVersion: KubernetesVersion.of('1.30'), containers: [{ image: NANO }] });
    const pod = synthValid(chart).find(m => m.kind === 'Pod');
    expect(pod.spec.runtimeClassName).toBeDefined();
    expect(pod.spec.nodeSelector).toMatchObject({ 'kubernetes.io/os': 'windows' });
  });
});

describe('OpenShift: the Windows constructs write spec.os.name, which the SCC admission reads', () => {
  test('from 1.25 the pod sets spec.os.name: windows and passes', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', { platform: Platform.OPENSHIFT, containers: [{ image: IIS, portNumber: 80 }] });
    const [manifest] = synthValid(chart);
    expect(manifest.spec.template.spec.os).toEqual({ name: 'windows' });
  });

  test('at 1.24 (OpenShift 4.11) the field is not written and the rule does not judge', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', { platform: Platform.OPENSHIFT, kubernetesVersion: KubernetesVersion.of('1.24'), containers: [{ image: NANO }] });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.os).toBeUndefined();
  });
});

describe('what a platform cannot run fails synthesis', () => {
  test('AKS 1.33 with Windows Server 2019 nodes: the build selector the target writes is refused, with the versions AKS offers', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      platform: Platform.AKS,
      kubernetesVersion: KubernetesVersion.of('1.33'),
      windowsServerVersion: WindowsServerVersion.WS2019,
      containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2019' }],
    });
    const message = synthError(chart);
    expect(message).toContain('platform-windows-server-unsupported');
    expect(message).toContain('AKS supports Windows Server 2019 node pools through Kubernetes 1.32 only');
    expect(message).toContain('Use Windows Server 2022 or Windows Server 2025 on AKS at Kubernetes 1.33.');
  });

  test('AKS 1.33 with Windows Server 2022 nodes synthesizes', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      platform: Platform.AKS,
      kubernetesVersion: KubernetesVersion.of('1.33'),
      windowsServerVersion: WindowsServerVersion.WS2022,
      containers: [{ image: NANO }],
    });
    expect(synthValid(chart)[0].spec.template.spec.nodeSelector['node.kubernetes.io/windows-build']).toBe('10.0.20348');
  });

  test('GKE: a HyperVIsolatedPod is refused (GKE has no Hyper-V containers)', () => {
    const chart = Testing.chart();
    new HyperVIsolatedPod(chart, 'vm', { platform: Platform.GKE, kubernetesVersion: KubernetesVersion.of('1.30'), containers: [{ image: NANO }] });
    const message = synthError(chart);
    expect(message).toContain('gke-hyperv-unsupported');
    expect(message).toContain('Hyper-V isolation, which GKE does not support');
  });
});

