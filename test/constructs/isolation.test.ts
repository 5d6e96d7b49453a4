import { Testing } from 'cdk8s';
import {
  HyperVIsolatedPod, HyperVMode, KubernetesVersion, RuntimeHandler, TargetProfile, WindowsDeployment,
  WindowsHostProcessDaemonSet, WindowsRuntimeClass, WindowsServerVersion, LEGACY_HYPERV_ANNOTATION, Isolation,
} from '../../src';
import { synthValid } from '../support/manifests';

const LTSC2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
const LTSC2025 = 'mcr.microsoft.com/windows/server:ltsc2025';

describe('WindowsRuntimeClass', () => {
  test('emits the upstream example shape: handler, os/arch/windows-build selector and the toleration', () => {
    const chart = Testing.chart();
    new WindowsRuntimeClass(chart, 'rc', { metadata: { name: 'windows-2019' }, windowsServerVersion: WindowsServerVersion.WS2019 });
    expect(synthValid(chart)).toEqual([{
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'windows-2019' },
      handler: 'runhcs-wcow-process',
      scheduling: {
        nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/windows-build': '10.0.17763' },
        tolerations: [{ effect: 'NoSchedule', key: 'os', operator: 'Equal', value: 'windows' }],
      },
    }]);
  });

  test('custom handlers are checked', () => {
    expect(RuntimeHandler.custom('my-handler', Isolation.PROCESS).name).toBe('my-handler');
    expect(() => RuntimeHandler.custom('Bad_Handler', Isolation.PROCESS)).toThrow(/Invalid runtime handler 'Bad_Handler'/);
  });

  test('a workload that uses it takes its placement and isolation from it', () => {
    const chart = Testing.chart();
    const runtimeClass = WindowsRuntimeClass.hyperV(chart);
    expect(WindowsRuntimeClass.hyperV(chart)).toBe(runtimeClass);
    const deployment = new WindowsDeployment(chart, 'web', { runtimeClass, containers: [{ image: LTSC2019 }] });
    expect(deployment.profile.isolation).toBe(Isolation.HYPERV);
    const manifest = synthValid(chart).find(m => m.kind === 'Deployment');
    const spec = manifest.spec.template.spec;
    expect(spec.runtimeClassName).toBe('windows-hyperv');
    expect(spec.tolerations).toBeUndefined();
    // Hyper-V runs older images on newer hosts: the image does not pin the node build.
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });
});

describe('HyperVIsolatedPod', () => {
  test('RuntimeClass mode by default from 1.21, with the shared Hyper-V RuntimeClass', () => {
    const chart = Testing.chart();
    const pod = new HyperVIsolatedPod(chart, 'pod', { containers: [{ image: LTSC2019 }] });
    expect(pod.mode).toBe(HyperVMode.RUNTIME_CLASS);
    const manifests = synthValid(chart);
    expect(manifests.map(m => m.kind).sort()).toEqual(['Pod', 'RuntimeClass']);
    expect(manifests.find(m => m.kind === 'RuntimeClass').handler).toBe('runhcs-wcow-hypervisor');
    expect(manifests.find(m => m.kind === 'Pod').spec.runtimeClassName).toBe('windows-hyperv');
  });

  test('an ltsc2019 image on a 2022 target is accepted, an ltsc2025 image is refused', () => {
    const older = Testing.chart();
    new HyperVIsolatedPod(older, 'pod', { windowsServerVersion: WindowsServerVersion.WS2022, containers: [{ image: LTSC2019 }] });
    expect(() => synthValid(older)).not.toThrow();
    const newer = Testing.chart();
    new HyperVIsolatedPod(newer, 'pod', { windowsServerVersion: WindowsServerVersion.WS2022, containers: [{ image: LTSC2025 }] });
    expect(() => Testing.synth(newer)).toThrow(/windows-image-build-mismatch/);
  });

  test('legacy annotation mode up to 1.20, one container only', () => {
    const chart = Testing.chart();
    const pod = new HyperVIsolatedPod(chart, 'pod', { kubernetesVersion: KubernetesVersion.V1_20, containers: [{ image: LTSC2019 }] });
    expect(pod.mode).toBe(HyperVMode.LEGACY_ANNOTATION);
    const manifest = synthValid(chart)[0];
    expect(manifest.metadata.annotations).toEqual({ [LEGACY_HYPERV_ANNOTATION]: 'hyperv' });
    expect(manifest.spec.runtimeClassName).toBeUndefined();

    const two = Testing.chart();
    new HyperVIsolatedPod(two, 'pod', { kubernetesVersion: KubernetesVersion.V1_20, containers: [{ image: LTSC2019, name: 'a' }, { image: LTSC2019, name: 'b' }] });
    expect(() => Testing.synth(two)).toThrow(/hyperv-single-container/);
  });

  test('the legacy annotation is refused from 1.21', () => {
    expect(() => new HyperVIsolatedPod(Testing.chart(), 'pod', { mode: HyperVMode.LEGACY_ANNOTATION }))
      .toThrow(/legacy Hyper-V annotation needs Kubernetes 1.20 or older/);
  });

  test('a process-isolated RuntimeClass is refused', () => {
    const chart = Testing.chart();
    const runtimeClass = new WindowsRuntimeClass(chart, 'rc');
    expect(() => new HyperVIsolatedPod(chart, 'pod', { runtimeClass })).toThrow(/not Hyper-V isolated/);
  });
});

describe('WindowsHostProcessDaemonSet', () => {
  test('every HostProcess rule of the API server holds: host network, host account, no privileged, not non-root', () => {
    const chart = Testing.chart();
    const agent = new WindowsHostProcessDaemonSet(chart, 'agent', {
      containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', name: 'agent' }],
      initContainers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', name: 'setup' }],
    });
    expect(agent).toBeInstanceOf(WindowsHostProcessDaemonSet);
    const spec = synthValid(chart)[0].spec.template.spec;
    expect(spec.hostNetwork).toBe(true);
    expect(spec.securityContext).toEqual({ windowsOptions: { runAsUserName: 'NT AUTHORITY\\SYSTEM', hostProcess: true } });
    expect(spec.containers[0].securityContext).toBeUndefined();
    // Exempt from image build matching: the image does not pin the node build.
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });

  test('an explicit hostNetwork: false stays and fails', () => {
    const chart = Testing.chart();
    new WindowsHostProcessDaemonSet(chart, 'agent', { hostNetwork: false, containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] });
    expect(() => Testing.synth(chart)).toThrow(/host-process-host-network[\s\S]*hostNetwork/);
  });
});

describe('HostProcess and Hyper-V do not combine', () => {
  test('HyperVIsolatedPod refuses hostProcess and a process isolation, naming the conflict', () => {
    const chart = Testing.chart();
    expect(() => new HyperVIsolatedPod(chart, 'hp', { hostProcess: true, containers: [{ image: LTSC2019 }] }))
      .toThrow(/HyperVIsolatedPod 'hp': HostProcess containers run on the host and cannot be Hyper-V isolated/);
    expect(() => new HyperVIsolatedPod(chart, 'process', { isolation: Isolation.PROCESS, containers: [{ image: LTSC2019 }] }))
      .toThrow(/HyperVIsolatedPod 'process': isolation process contradicts Hyper-V isolation/);
  });

  test('a HostProcess workload on the Hyper-V RuntimeClass fails synthesis (host-process-hyperv)', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'agent', { hostProcess: true, runtimeClass: WindowsRuntimeClass.hyperV(chart), containers: [{ image: LTSC2019 }] });
    expect(() => Testing.synth(chart)).toThrow(/host-process-hyperv[\s\S]*RuntimeClass "windows-hyperv"/);
  });
});

test('value classes say what they are', () => {
  expect(RuntimeHandler.HYPERV.toString()).toBe('runhcs-wcow-hypervisor (hyperv isolation)');
  expect(WindowsServerVersion.WS2025.toString()).toBe('Windows Server 2025');
  expect(KubernetesVersion.V1_27.toString()).toBe('1.27');
  expect(TargetProfile.of().toString()).toBe('Kubernetes 1.27, Windows Server not pinned, containerd, process isolation');
});
