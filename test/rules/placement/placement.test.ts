// Section 1 rules (placement): the examples of each rule (examples.ts), then the isolation and
// runtime gating of image build matching and the edge cases. Where the API server accepts what a rule finds:
// test/conformance/placement-rules.test.ts.
import { C, D, EXAMPLES, LTSC2019, LTSC2022, LTSC2025, PROFILE, unpinned, unplaced, unplacedIntent, withImages, WS2019, WS2022 } from './examples';
import { ContainerRuntime, Isolation, KubernetesVersion, Severity, TargetProfile, WindowsRules, WindowsServerVersion } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { PLACEMENT_RULES } from '../../../src/rules/placement';
import { hostRunsImage } from '../../../src/rules/placement/windows-image-build-mismatch';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const DEFAULT = PROFILE;
const WS2025 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2025 });
const WS2022_HYPERV = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022, isolation: Isolation.HYPERV });
const DOCKER_EE = (windowsServerVersion?: WindowsServerVersion) =>
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE, windowsServerVersion });

const findings = ruleFindings(PLACEMENT_RULES, DEFAULT);

testExamples(EXAMPLES, PLACEMENT_RULES, PROFILE);

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 1 finding on any profile', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    for (const profile of [DEFAULT, WS2022, WS2025, WS2022_HYPERV]) expect(runRules(objects, profile, PLACEMENT_RULES)).toEqual([]);
  });
});

describe('windows-image-build-mismatch', () => {
  const RULE = 'windows-image-build-mismatch';

  test('an image of another build than the windows-build node selector is an error at the image', () => {
    const violating = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: LTSC2019 })] }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['container \'app\'', LTSC2019, '10.0.17763 (Windows Server 2019)', '10.0.20348 (Windows Server 2022)', 'nodeSelector node.kubernetes.io/windows-build: 10.0.20348'] },
    ]);
    expect(findings([violating], RULE)[0].message).toContain('only images of build 10.0.20348');
  });

  test('without a selector, the profile\'s Windows Server version is the target (CronJob, init container)', () => {
    const violating = windowsCronJob(unpinned({
      restartPolicy: 'OnFailure',
      initContainers: [windowsContainer({ name: 'init', image: LTSC2022 })],
      containers: [windowsContainer({ image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019' })],
    }));
    expectFindings(findings([violating], RULE, WS2022), RULE, [
      { path: `${C}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.17763', '10.0.20348', 'target Windows Server 2022'] },
    ]);
    expectFindings(findings([violating], RULE, WS2019), RULE, [
      { path: `${C}.initContainers[0].image`, severity: Severity.ERROR, names: ['init container \'init\'', '10.0.20348', 'target Windows Server 2019'] },
    ]);
  });

  test('Hyper-V: an ltsc2019 image on a 2022 target passes, and fails under process isolation', () => {
    const older = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: LTSC2019 })] }));
    expect(findings([older], RULE, WS2022_HYPERV)).toEqual([]);
    expect(findings([windowsDeployment(withImages([LTSC2019]))], RULE, WS2022_HYPERV)).toEqual([]);
    expectFindings(findings([older], RULE, WS2022), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.17763', 'process isolation with containerd'] },
    ]);
  });

  test('Hyper-V: an ltsc2025 image on a 2022 target fails under both isolations', () => {
    const newer = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: LTSC2025 })] }));
    for (const profile of [WS2022, WS2022_HYPERV]) {
      expectFindings(findings([newer], RULE, profile), RULE, [
        { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.26100 (Windows Server 2025)', '10.0.20348'] },
      ]);
    }
    expect(findings([newer], RULE, WS2022_HYPERV)[0].message).toContain('under Hyper-V isolation such a host runs images of build 10.0.20348 or older');
  });

  test('Hyper-V through the legacy pod annotation, where the target honours it (Docker EE, 1.20 and older); elsewhere the pod runs process-isolated', () => {
    const annotated = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: 'mcr.microsoft.com/windows/servercore:1803' })] }));
    annotated.spec.template.metadata.annotations = { 'experimental.windows.kubernetes.io/isolation-type': 'hyperv' };
    const seedEra = TargetProfile.of({
      kubernetesVersion: KubernetesVersion.V1_20, runtime: ContainerRuntime.DOCKER_EE, windowsServerVersion: WindowsServerVersion.WS2019,
    });
    expect(findings([annotated], RULE, seedEra)).toEqual([]);
    // Kubernetes 1.27 ignores the annotation: a 1803 image (10.0.17134) on a Windows Server 2022 host.
    expectFindings(findings([annotated], RULE, WS2022), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.17134', 'under process isolation with containerd'] },
    ]);
  });

  test('the build a RuntimeClass schedules onto is the target, and a per-build Hyper-V handler isolates', () => {
    const runtimeClass = (name: string, handler: string, build: string) => ({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name },
      handler,
      scheduling: { nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': build } },
    });
    const pod = (runtimeClassName: string, image: string) =>
      windowsDeployment(windowsPodSpec({ nodeSelector: undefined, runtimeClassName, containers: [windowsContainer({ image })] }));
    // A Windows Server 2019 RuntimeClass runs ltsc2019 images, whatever the profile says.
    expect(findings([pod('ws2019', LTSC2019), runtimeClass('ws2019', 'runhcs-wcow-process', '10.0.17763')], RULE, WS2022)).toEqual([]);
    expectFindings(findings([pod('ws2019', LTSC2022), runtimeClass('ws2019', 'runhcs-wcow-process', '10.0.17763')], RULE, WS2022), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['RuntimeClass/ws2019 schedules onto node.kubernetes.io/windows-build: 10.0.17763'] },
    ]);
    // runhcs-wcow-hypervisor-19041: Hyper-V, so an older 1809 image runs on the 2004 host.
    expect(findings([pod('hv', 'mcr.microsoft.com/windows/servercore:1809'), runtimeClass('hv', 'runhcs-wcow-hypervisor-19041', '10.0.19041')], RULE, WS2022)).toEqual([]);
  });

  test('Hyper-V through a RuntimeClass checked with the pod whose handler is runhcs-wcow-hypervisor', () => {
    const runtimeClass = (name: string, handler: string) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler });
    const olderWith = (runtimeClassName: string) =>
      windowsDeployment(windowsPodSpec({ runtimeClassName, containers: [windowsContainer({ image: LTSC2019 })] }));
    // Passes: the named RuntimeClass is Hyper-V isolated.
    expect(findings([olderWith('hyperv'), runtimeClass('hyperv', 'runhcs-wcow-hypervisor')], RULE, WS2022)).toEqual([]);
    // Violates: a process-isolating RuntimeClass, or one that is not among the objects checked.
    for (const objects of [[olderWith('process'), runtimeClass('process', 'runhcs-wcow-process')], [olderWith('hyperv')]]) {
      expectFindings(findings(objects, RULE, WS2022), RULE, [
        { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: [LTSC2019, 'under process isolation with containerd'] },
      ]);
    }
    // Hyper-V still never runs an image newer than the host.
    const newer = windowsDeployment(windowsPodSpec({ runtimeClassName: 'hyperv', containers: [windowsContainer({ image: LTSC2025 })] }));
    expectFindings(findings([newer, runtimeClass('hyperv', 'runhcs-wcow-hypervisor')], RULE, WS2022), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: [LTSC2025, 'under Hyper-V isolation'] },
    ]);
  });

  test('Hyper-V: containers of different older builds in one pod are not compared', () => {
    expect(findings([windowsDeployment(withImages([LTSC2022, LTSC2019]))], RULE, TargetProfile.of({ isolation: Isolation.HYPERV }))).toEqual([]);
  });

  test('containerd: a 2025 host runs ltsc2022 images under process isolation, never ltsc2019; Docker EE needs the exact build', () => {
    const ltsc2022 = windowsDeployment(withImages([LTSC2022]));
    const ltsc2019 = windowsDeployment(withImages([LTSC2019]));
    expect(findings([ltsc2022], RULE, WS2025)).toEqual([]);
    expectFindings(findings([ltsc2019], RULE, WS2025), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.17763', 'images of builds 10.0.20348 to 10.0.26100'] },
    ]);
    expectFindings(findings([ltsc2022], RULE, DOCKER_EE(WindowsServerVersion.WS2025)), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['process isolation with Docker EE', 'only images of build 10.0.26100'] },
    ]);
    // 2022 hosts (and older) need the exact build, even with containerd.
    expect(findings([ltsc2019], RULE, WS2022)).toHaveLength(1);
  });

  test('containerd: ltsc2022 and ltsc2025 containers can share a pod (a 2025 host runs both); Docker EE cannot', () => {
    const mixed = windowsDeployment(withImages([LTSC2025, LTSC2022]));
    expect(findings([mixed], RULE)).toEqual([]);
    expectFindings(findings([mixed], RULE, DOCKER_EE()), RULE, [
      { path: `${D}.containers[1].image`, severity: Severity.ERROR, names: ['10.0.20348', '10.0.26100', 'no host runs both under process isolation with Docker EE'] },
    ]);
  });

  test('the compatibility table follows hcsshim CheckHostAndContainerCompat', () => {
    const process = { isolation: Isolation.PROCESS, runtime: ContainerRuntime.CONTAINERD };
    const hyperv = { isolation: Isolation.HYPERV, runtime: ContainerRuntime.CONTAINERD };
    const docker = { isolation: Isolation.PROCESS, runtime: ContainerRuntime.DOCKER_EE };
    const table: Array<[number, number, boolean, boolean, boolean]> = [
      // host, image, containerd process, Hyper-V, Docker EE process
      [17763, 17763, true, true, true],
      [17763, 14393, false, true, false],
      [17763, 20348, false, false, false],
      [20348, 20348, true, true, true],
      [20348, 17763, false, true, false],
      [20348, 26100, false, false, false],
      [25398, 20348, true, true, false],
      [26100, 26100, true, true, true],
      [26100, 20348, true, true, false],
      [26100, 17763, false, true, false],
      [26200, 26100, true, true, false],
      [26200, 20348, false, true, false],
    ];
    for (const [host, image, p, h, d] of table) {
      expect([host, image, hostRunsImage(host, image, process), hostRunsImage(host, image, hyperv), hostRunsImage(host, image, docker)])
        .toEqual([host, image, p, h, d]);
    }
  });

  test('HostProcess pods are exempt', () => {
    const hostProcess = windowsDeployment(windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
      containers: [windowsContainer({ image: LTSC2019 }), windowsContainer({ name: 'b', image: LTSC2025 })],
    }));
    expect(findings([hostProcess], RULE, WS2022)).toEqual([]);
  });
});

describe('windows-image-without-windows-placement', () => {
  const RULE = 'windows-image-without-windows-placement';

  test('WindowsRules.check runs it on foreign manifests', () => {
    expect(WindowsRules.check([windowsDeployment(unplaced())]).map(f => f.rule)).toContain(RULE);
  });
});

describe('windows-intent-without-placement', () => {
  const RULE = 'windows-intent-without-placement';

  test('Windows-only settings without Windows placement are one error per pod, at the first, naming them all', () => {
    const gmsa = windowsDeployment(unplacedIntent({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1', runAsUserName: 'ContainerUser' } } }));
    expectFindings(findings([gmsa], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.ERROR, names: ['pod sets windowsOptions.gmsaCredentialSpecName: "webapp1"', 'windowsOptions.runAsUserName: "ContainerUser"', 'no Windows placement'] },
    ]);
    const hostProcess = windowsCronJob(unplacedIntent({ restartPolicy: 'OnFailure', hostNetwork: true }, { securityContext: { windowsOptions: { hostProcess: true } } }));
    expectFindings(findings([hostProcess], RULE), RULE, [
      { path: `${C}.containers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['container \'app\' sets windowsOptions.hostProcess: true'] },
    ]);
    const pipe = windowsDeployment(unplacedIntent({ volumes: [{ name: 'docker', hostPath: { path: '\\\\.\\pipe\\docker_engine' } }] },
      { volumeMounts: [{ name: 'docker', mountPath: '\\\\.\\pipe\\docker_engine' }] }));
    expectFindings(findings([pipe], RULE), RULE, [
      { path: `${D}.volumes[0].hostPath.path`, severity: Severity.ERROR, names: ['Windows host path "\\\\\\\\.\\\\pipe\\\\docker_engine"', 'mounts a volume at the Windows path'] },
    ]);
    const annotated = windowsDeployment(unplacedIntent());
    annotated.spec.template.metadata.annotations = { 'experimental.windows.kubernetes.io/isolation-type': 'hyperv' };
    const driveLetter = windowsDeployment(unplacedIntent({ volumes: [{ name: 'logs', emptyDir: {} }] }, { volumeMounts: [{ name: 'logs', mountPath: 'C:\\logs' }] }));
    expect(findings([annotated, driveLetter], RULE).map(f => f.path)).toEqual([
      'spec.template.metadata.annotations[experimental.windows.kubernetes.io/isolation-type]',
      `${D}.containers[0].volumeMounts[0].mountPath`,
    ]);
  });
});

