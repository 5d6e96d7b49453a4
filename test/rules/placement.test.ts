// Section 1 rules (placement): one violating and one passing case per rule, the isolation and
// runtime gating of image build matching, and the Windows placement helpers the checker uses.
import { ContainerRuntime, Isolation, KubernetesVersion, Severity, TargetProfile, WindowsRules, WindowsServerVersion } from '../../src';
import { runRules } from '../../src/engine/run-rules';
import { findPodSpec } from '../../src/model/manifest';
import { hasWindowsPlacement, PLACEMENT_RULES, podTargetsWindows } from '../../src/rules/placement';
import { hostRunsImage } from '../../src/rules/placement/windows-image-build-mismatch';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { expectFindings, ruleFindings } from '../support/rules';

const DEFAULT = TargetProfile.of();
const WS2019 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2019 });
const WS2022 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022 });
const WS2025 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2025 });
const WS2022_HYPERV = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022, isolation: Isolation.HYPERV });
const DOCKER_EE = (windowsServerVersion?: WindowsServerVersion) =>
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE, windowsServerVersion });

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';

const LTSC2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
const LTSC2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const LTSC2025 = 'mcr.microsoft.com/windows/server:ltsc2025';
const NANO1809 = 'mcr.microsoft.com/windows/nanoserver:1809';

const findings = ruleFindings(PLACEMENT_RULES, DEFAULT);


/** A Windows pod spec without the windows-build selector (the target then comes from the profile). */
const unpinned = (overrides: any = {}) => windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, ...overrides });
const withImages = (images: string[], overrides: any = {}) => unpinned({
  containers: images.map((image, i) => windowsContainer({ name: `c${i}`, image })),
  ...overrides,
});

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

  test('without a selector, the one build a required node affinity allows is the target; a passing image gives nothing', () => {
    const affinity = (build: string) => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/windows-build', operator: 'In', values: [build] }] }] } },
    });
    const violating = windowsDeployment(unpinned({ affinity: affinity('10.0.17763'), containers: [windowsContainer({ image: LTSC2022 })] }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['10.0.20348', 'required node affinity node.kubernetes.io/windows-build In [10.0.17763]'] },
    ]);
    expect(findings([windowsDeployment(unpinned({ affinity: affinity('10.0.20348'), containers: [windowsContainer({ image: LTSC2022 })] }))], RULE)).toEqual([]);
  });

  test('the node selector wins over the profile', () => {
    expect(findings([windowsDeployment()], RULE, WS2019)).toEqual([]);
  });

  test('no target: a later container of another build is an error naming both builds', () => {
    const violating = windowsDeployment(withImages([LTSC2022, NANO1809, LTSC2022]));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.containers[1].image`, severity: Severity.ERROR, names: ['container \'c1\'', NANO1809, '10.0.17763', 'container \'c0\'', '10.0.20348'] },
    ]);
  });

  test('passing: the same build everywhere, untagged or latest images, and no Windows build at all', () => {
    const same = windowsDeployment(withImages([LTSC2022, 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022']));
    const untagged = windowsDeployment(withImages(['mcr.microsoft.com/windows/servercore', 'mcr.microsoft.com/windows/nanoserver:latest', 'contoso.azurecr.io/app:1.0']));
    expect(findings([same, untagged], RULE, WS2022)).toEqual([]);
    expect(findings([untagged], RULE, WS2019)).toEqual([]);
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

  test('the API server accepts the violating pods: only the rule catches them', () => {
    if (!upstreamValidationEnabled()) return;
    expectValidManifests([
      windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: LTSC2019 })] })),
      windowsDeployment(withImages([LTSC2022, NANO1809]), 'mixed'),
    ]);
  });
});

describe('os-selector-conflict', () => {
  const RULE = 'os-selector-conflict';

  test('spec.os.name windows with a linux node selector is an error at the selector', () => {
    const violating = windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.nodeSelector[kubernetes.io/os]`, severity: Severity.ERROR, names: ['nodeSelector kubernetes.io/os: linux', 'spec.os.name: windows'] },
    ]);
  });

  test('spec.os.name linux with Windows selectors: each selector is an error (CronJob)', () => {
    const violating = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      os: { name: 'linux' },
      securityContext: {},
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.nodeSelector[kubernetes.io/os]`, severity: Severity.ERROR, names: ['nodeSelector kubernetes.io/os: windows', 'spec.os.name: linux'] },
      { path: `${C}.nodeSelector[node.kubernetes.io/windows-build]`, severity: Severity.ERROR, names: ['node.kubernetes.io/windows-build: 10.0.20348', 'spec.os.name: linux'] },
    ]);
  });

  test('a windows-build selector with a linux OS selector, and the legacy beta label', () => {
    const violating = windowsPod(windowsPodSpec({
      os: undefined,
      nodeSelector: { 'beta.kubernetes.io/os': 'linux', 'node.kubernetes.io/windows-build': '10.0.17763' },
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.nodeSelector[node.kubernetes.io/windows-build]', severity: Severity.ERROR, names: ['10.0.17763', 'beta.kubernetes.io/os: linux'] },
    ]);
  });

  test('a required node affinity term on the other OS is an error at its expression', () => {
    const violating = windowsDeployment(windowsPodSpec({
      nodeSelector: undefined,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
            ],
          },
        },
      },
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1]`, severity: Severity.ERROR, names: ['kubernetes.io/os In [linux]', 'spec.os.name: windows'] },
    ]);
  });

  test('passing: consistent placement, ORed terms naming different OSes, a Linux pod with Linux placement', () => {
    const affinity = (values: string[][]) => ({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: values.map(v => ({ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: v }] })),
        },
      },
    });
    const consistent = windowsDeployment(windowsPodSpec({ affinity: affinity([['windows']]) }));
    const eitherOs = windowsDeployment(windowsPodSpec({ os: undefined, nodeSelector: undefined, affinity: affinity([['windows'], ['linux']]) }));
    const multiValue = windowsDeployment(windowsPodSpec({ affinity: affinity([['linux', 'windows']]) }));
    const linux = windowsPod({ os: { name: 'linux' }, nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'app', image: 'nginx:1.27' }] });
    expect(findings([consistent, eitherOs, multiValue, linux], RULE)).toEqual([]);
  });

  test('the API server accepts the conflict: the scheduler and kubelet are where it fails', () => {
    if (!upstreamValidationEnabled()) return;
    expectValidManifests([windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'linux' } }))]);
  });
});

describe('windows-image-without-windows-placement', () => {
  const RULE = 'windows-image-without-windows-placement';
  const unplaced = (overrides: any = {}) => windowsPodSpec({ os: undefined, nodeSelector: undefined, tolerations: undefined, ...overrides });

  test('a Windows image in a pod with no placement is an error at each Windows image', () => {
    const violating = windowsDeployment(unplaced({
      initContainers: [windowsContainer({ name: 'init', image: 'busybox:1.36' })],
      containers: [windowsContainer(), windowsContainer({ name: 'nano', image: NANO1809 })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['container \'app\'', '8.0-windowsservercore-ltsc2022', 'no Windows placement'] },
      { path: `${D}.containers[1].image`, severity: Severity.ERROR, names: ['container \'nano\'', NANO1809] },
    ]);
  });

  test('a Windows image in a pod placed on Linux names the Linux placement (CronJob)', () => {
    const violating = windowsCronJob(unplaced({ restartPolicy: 'OnFailure', securityContext: {}, os: { name: 'linux' } }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.containers[0].image`, severity: Severity.ERROR, names: ['targets Linux (spec.os.name: linux)'] },
    ]);
  });

  test('passing: any one Windows placement, or no Windows image', () => {
    const passing = [
      windowsDeployment(unplaced({ os: { name: 'windows' } }), 'os'),
      windowsDeployment(unplaced({ nodeSelector: { 'kubernetes.io/os': 'windows' } }), 'selector'),
      windowsDeployment(unplaced({ nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.20348' } }), 'build'),
      windowsDeployment(unplaced({ runtimeClassName: 'windows-2022' }), 'runtime-class'),
      windowsDeployment(unplaced({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }],
            },
          },
        },
      }), 'affinity'),
      windowsDeployment(unplaced({ containers: [windowsContainer({ image: 'nginx:1.27' })] }), 'linux'),
    ];
    expect(findings(passing, RULE)).toEqual([]);
  });

  test('WindowsRules.check runs it on foreign manifests', () => {
    expect(WindowsRules.check([windowsDeployment(unplaced())]).map(f => f.rule)).toContain(RULE);
  });
});

describe('hasWindowsPlacement and podTargetsWindows', () => {
  const term = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
  const required = (...terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const CASES: Array<[string, any, boolean, boolean]> = [
    // name, pod spec fields, podTargetsWindows, hasWindowsPlacement
    ['nothing', {}, false, false],
    ['os windows', { os: { name: 'windows' } }, true, true],
    ['os linux', { os: { name: 'linux' } }, false, false],
    ['selector windows', { nodeSelector: { 'kubernetes.io/os': 'windows' } }, true, true],
    ['beta selector windows', { nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }, true, true],
    ['selector linux', { nodeSelector: { 'kubernetes.io/os': 'linux' } }, false, false],
    ['windows-build selector', { nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' } }, true, true],
    ['affinity windows', { affinity: required(term('kubernetes.io/os', 'In', ['windows'])) }, true, true],
    ['affinity windows-build Exists', { affinity: required(term('node.kubernetes.io/windows-build', 'Exists')) }, true, true],
    ['affinity either OS', { affinity: required(term('kubernetes.io/os', 'In', ['windows']), term('kubernetes.io/os', 'In', ['linux'])) }, false, false],
    ['affinity NotIn linux', { affinity: required(term('kubernetes.io/os', 'NotIn', ['linux'])) }, false, false],
    ['Windows runtime class', { runtimeClassName: 'windows-hyperv' }, true, true],
    ['other runtime class', { runtimeClassName: 'ws2022' }, false, true],
  ];
  test.each(CASES)('%s', (_name, fields, targets, placed) => {
    const pod = findPodSpec(windowsDeployment({ containers: [windowsContainer()], ...fields }))!;
    expect([podTargetsWindows(pod), hasWindowsPlacement(pod)]).toEqual([targets, placed]);
  });
});

describe('windows-intent-without-placement', () => {
  const RULE = 'windows-intent-without-placement';
  /** A pod spec with no Windows placement at all, and a Linux-or-multi-arch image. */
  const unplaced = (overrides: any = {}, container: any = {}) => windowsPodSpec({
    os: undefined,
    nodeSelector: undefined,
    tolerations: undefined,
    securityContext: undefined,
    containers: [windowsContainer({ image: 'contoso.azurecr.io/app:1.0', ...container })],
    ...overrides,
  });

  test('Windows-only settings without Windows placement are one error per pod, at the first, naming them all', () => {
    const gmsa = windowsDeployment(unplaced({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1', runAsUserName: 'ContainerUser' } } }));
    expectFindings(findings([gmsa], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.ERROR, names: ['pod sets windowsOptions.gmsaCredentialSpecName: "webapp1"', 'windowsOptions.runAsUserName: "ContainerUser"', 'no Windows placement'] },
    ]);
    const hostProcess = windowsCronJob(unplaced({ restartPolicy: 'OnFailure', hostNetwork: true }, { securityContext: { windowsOptions: { hostProcess: true } } }));
    expectFindings(findings([hostProcess], RULE), RULE, [
      { path: `${C}.containers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['container \'app\' sets windowsOptions.hostProcess: true'] },
    ]);
    const pipe = windowsDeployment(unplaced({ volumes: [{ name: 'docker', hostPath: { path: '\\\\.\\pipe\\docker_engine' } }] },
      { volumeMounts: [{ name: 'docker', mountPath: '\\\\.\\pipe\\docker_engine' }] }));
    expectFindings(findings([pipe], RULE), RULE, [
      { path: `${D}.volumes[0].hostPath.path`, severity: Severity.ERROR, names: ['Windows host path "\\\\\\\\.\\\\pipe\\\\docker_engine"', 'mounts a volume at the Windows path'] },
    ]);
    const annotated = windowsDeployment(unplaced());
    annotated.spec.template.metadata.annotations = { 'experimental.windows.kubernetes.io/isolation-type': 'hyperv' };
    const driveLetter = windowsDeployment(unplaced({ volumes: [{ name: 'logs', emptyDir: {} }] }, { volumeMounts: [{ name: 'logs', mountPath: 'C:\\logs' }] }));
    expect(findings([annotated, driveLetter], RULE).map(f => f.path)).toEqual([
      'spec.template.metadata.annotations[experimental.windows.kubernetes.io/isolation-type]',
      `${D}.containers[0].volumeMounts[0].mountPath`,
    ]);
  });

  test('a pod that targets Linux says so in the message', () => {
    const linux = windowsDeployment(unplaced({ nodeSelector: { 'kubernetes.io/os': 'linux' }, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } }));
    expectFindings(findings([linux], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['the pod targets Linux (nodeSelector kubernetes.io/os: linux)'] },
    ]);
  });

  test('passing: the same settings with Windows placement (kubernetes.io/os, AKS os-sku, a RuntimeClass), hostProcess: false, POSIX paths', () => {
    const settings = { securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } } };
    expect(findings([
      windowsDeployment(unplaced({ ...settings, nodeSelector: { 'kubernetes.io/os': 'windows' } })),
      windowsDeployment(unplaced({ ...settings, nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' } })),
      windowsDeployment(unplaced({ ...settings, runtimeClassName: 'windows-2022' })),
      windowsDeployment(unplaced({ securityContext: { windowsOptions: { hostProcess: false } } })),
      windowsDeployment(unplaced({ volumes: [{ name: 'data', hostPath: { path: '/var/lib/data' } }] }, { volumeMounts: [{ name: 'data', mountPath: '/data' }] })),
      windowsDeployment(),
    ], RULE)).toEqual([]);
  });
});
