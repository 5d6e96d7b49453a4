// The examples of the scheduling rules: workloads judged against the node pools of the target
// (the pools of the test control plane: test/cluster/harness.ts). test/rules/nodes/nodes.test.ts runs them.
import { NodePool, TargetProfile, WindowsNodePool, WindowsServerVersion, Severity } from '../../../src';
import { supportedWindowsFeatures, windowsContainer, windowsDaemonSet, windowsDeployment, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

/** The pools of the test cluster: Linux; tainted 2019, 2022, 2025; untainted AKS-style 2019 and 2022. */
export const POOLS: NodePool[] = [
  WindowsNodePool.linux('linux'),
  WindowsNodePool.windows('win2019', WindowsServerVersion.WS2019, { windowsTaint: true }),
  WindowsNodePool.windows('win2022', WindowsServerVersion.WS2022, { windowsTaint: true }),
  WindowsNodePool.windows('win2025', WindowsServerVersion.WS2025, { windowsTaint: true }),
  WindowsNodePool.windows('akswin19', WindowsServerVersion.WS2019, { osSku: 'Windows2019' }),
  WindowsNodePool.windows('akswin22', WindowsServerVersion.WS2022, { osSku: 'Windows2022' }),
];

/** Only tainted Windows pools (the upstream guide's set-up) and Linux. */
export const TAINTED_POOLS = POOLS.slice(0, 4);

export const PROFILE = TargetProfile.of({ nodePools: POOLS });
export const TAINTED = TargetProfile.of({ nodePools: TAINTED_POOLS });
export const WS2022_TARGET = TargetProfile.of({ nodePools: POOLS, windowsServerVersion: WindowsServerVersion.WS2022 });

/** A Linux container (nginx). */
export const linuxContainer = (overrides: any = {}) => ({ name: 'web', image: 'nginx:1.27', ...overrides });

/** A Linux DaemonSet that tolerates every taint (the log-agent case). */
export function tolerateEverythingDaemonSet(): any {
  return windowsDaemonSet({ containers: [linuxContainer({ name: 'agent', image: 'fluent/fluent-bit:3.1' })], tolerations: [{ operator: 'Exists' }] }, 'logs');
}

/** A RuntimeClass with scheduling. */
export function runtimeClass(name: string, nodeSelector: { [key: string]: string }, tolerations: any[] = []): any {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runhcs-wcow-process', scheduling: { nodeSelector, tolerations } };
}

const POD = 'spec.template.spec';
const WS2019_IMAGE = 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019';

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'no-node-pool-accepts',
    violating: [
      {
        name: 'a Windows pod without the os=windows toleration on a cluster whose Windows pools are all tainted',
        profile: TAINTED,
        objects: [windowsDeployment(windowsPodSpec({ tolerations: undefined }))],
        findings: [{
          path: POD,
          severity: Severity.ERROR,
          names: [
            "no node pool accepts the pod: pool 'linux': its placement does not match: nodeSelector kubernetes.io/os: windows (the pool has kubernetes.io/os=linux)",
            "pool 'win2022': it does not tolerate the taint os=windows:NoSchedule",
            "pool 'win2019': it does not tolerate the taint os=windows:NoSchedule, and its placement does not match: nodeSelector node.kubernetes.io/windows-build: 10.0.20348 (the pool has node.kubernetes.io/windows-build=10.0.17763)",
          ],
        }],
      },
      {
        name: 'a build no pool has (Windows Server 2025 on a cluster without such a pool)',
        profile: TargetProfile.of({ nodePools: [POOLS[0], POOLS[2]] }),
        objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.26100' } }))],
        findings: [{ path: POD, severity: Severity.ERROR, names: ["pool 'win2022': its placement does not match: nodeSelector node.kubernetes.io/windows-build: 10.0.26100 (the pool has node.kubernetes.io/windows-build=10.0.20348)"] }],
      },
      {
        name: 'a required node affinity no pool matches (NotIn every build)',
        objects: [windowsDeployment(windowsPodSpec({
          nodeSelector: undefined,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{
                  matchExpressions: [
                    { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
                    { key: 'node.kubernetes.io/windows-build', operator: 'NotIn', values: ['10.0.17763', '10.0.20348', '10.0.26100'] },
                  ],
                }],
              },
            },
          },
        }))],
        findings: [{ path: POD, severity: Severity.ERROR, names: ["pool 'akswin22': its placement does not match: required node affinity: term 0: node.kubernetes.io/windows-build NotIn [10.0.17763, 10.0.20348, 10.0.26100] (the pool has node.kubernetes.io/windows-build=10.0.20348)"] }],
      },
      {
        name: 'a RuntimeClass whose scheduling selects an OS SKU no pool has',
        objects: [
          runtimeClass('windows-2025-aks', { 'kubernetes.azure.com/os-sku': 'Windows2025' }),
          windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-2025-aks', nodeSelector: { 'kubernetes.io/os': 'windows' } })),
        ],
        findings: [{ path: POD, severity: Severity.ERROR, names: ['RuntimeClass/windows-2025-aks scheduling.nodeSelector kubernetes.azure.com/os-sku: Windows2025 (the pool has kubernetes.azure.com/os-sku=Windows2022)'] }],
      },
      {
        name: 'a node selector the RuntimeClass contradicts: the RuntimeClass admission refuses the pod',
        objects: [
          runtimeClass('windows-2019', { 'node.kubernetes.io/windows-build': '10.0.17763' }),
          windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-2019' })),
        ],
        findings: [{ path: `${POD}.nodeSelector[node.kubernetes.io/windows-build]`, severity: Severity.ERROR, names: ['RuntimeClass/windows-2019 scheduling.nodeSelector[node.kubernetes.io/windows-build] = 10.0.17763', "pod's nodeSelector[node.kubernetes.io/windows-build] = 10.0.20348"] }],
      },
    ],
    passing: [
      { name: 'the supported Windows features, selecting Windows Server 2022 with the toleration', objects: [supportedWindowsFeatures()] },
      {
        name: 'a RuntimeClass that brings the selector and the toleration',
        objects: [
          runtimeClass('windows-2022', { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]),
          windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-2022', nodeSelector: undefined, tolerations: undefined })),
        ],
      },
      {
        name: 'a RuntimeClass the input does not hold: its scheduling is not known, so nothing is said',
        profile: TAINTED,
        objects: [windowsDeployment(windowsPodSpec({ runtimeClassName: 'somewhere-else', tolerations: undefined }))],
      },
      {
        name: 'a pod that names its node (the scheduler does not place it)',
        profile: TAINTED,
        objects: [windowsDeployment(windowsPodSpec({ nodeName: 'win2022-1', tolerations: undefined }))],
      },
      { name: 'no pools known: the rule does not run', profile: TargetProfile.of(), objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'plan9' } }))] },
    ],
  },
  {
    rule: 'non-windows-pod-on-windows-pool',
    violating: [
      {
        name: 'a Linux DaemonSet that tolerates every taint',
        objects: [tolerateEverythingDaemonSet()],
        findings: [{
          path: `${POD}.tolerations[0]`,
          severity: Severity.ERROR,
          names: ["Windows pools 'win2019' (tolerations[0] tolerates os=windows:NoSchedule)", "'akswin19' (not tainted)", 'tolerations[0] tolerates every taint'],
        }],
      },
      {
        name: 'a Linux image without an OS selector on a cluster with untainted AKS Windows pools',
        objects: [windowsDeployment({ containers: [linuxContainer()] })],
        findings: [{ path: POD, severity: Severity.ERROR, names: ["Windows pools 'akswin19' (not tainted), 'akswin22' (not tainted)"] }],
      },
      {
        name: 'spec.os.name: linux does not keep the scheduler off Windows pools',
        objects: [windowsDeployment({ os: { name: 'linux' }, containers: [linuxContainer()] })],
        findings: [{ path: POD, severity: Severity.ERROR, names: ["'akswin22' (not tainted)", 'spec.os.name: linux does not keep it off: the scheduler does not read it'] }],
      },
    ],
    passing: [
      { name: 'a Linux DaemonSet that tolerates every taint but selects Linux', objects: [windowsDaemonSet({ nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [linuxContainer()], tolerations: [{ operator: 'Exists' }] }, 'logs')] },
      { name: 'a Linux image without an OS selector when every Windows pool is tainted', profile: TAINTED, objects: [windowsDeployment({ containers: [linuxContainer()] })] },
      { name: 'a Windows pod (the supported Windows features)', objects: [supportedWindowsFeatures()] },
      { name: 'a pod with a Windows image but no selector is meant for Windows (windows-image-without-windows-placement says the rest)', objects: [windowsDeployment({ containers: [windowsContainer()] })] },
    ],
  },
  {
    rule: 'windows-pool-build-mismatch',
    violating: [
      {
        name: 'an ltsc2019 image that selects only kubernetes.io/os: windows and tolerates os=windows: every tainted and untainted pool of another build',
        objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [windowsContainer({ image: WS2019_IMAGE })] }))],
        findings: [{
          path: `${POD}.containers[0].image`,
          severity: Severity.WARNING,
          names: ["built for Windows 10.0.17763 (Windows Server 2019), but the scheduler may place the pod on pool 'win2022' (build 10.0.20348 (Windows Server 2022)), pool 'win2025' (build 10.0.26100 (Windows Server 2025)), pool 'akswin22'"],
        }],
      },
      {
        name: 'no image build, the target Windows Server 2022, and an OS selector only',
        profile: WS2022_TARGET,
        objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [windowsContainer({ image: 'contoso/app:1.0' })] }))],
        findings: [{ path: POD, severity: Severity.WARNING, names: ["the target is Windows Server 2022, but the scheduler may place the pod on pool 'win2019' (build 10.0.17763 (Windows Server 2019)), pool 'win2025'", "pool 'akswin19'"] }],
      },
    ],
    passing: [
      { name: 'the supported Windows features (build selected)', objects: [supportedWindowsFeatures()] },
      {
        name: 'an ltsc2022 image on 2022 and 2025 pools: a 2025 host runs 2022 images under containerd',
        profile: TargetProfile.of({ nodePools: [POOLS[2], POOLS[3]] }),
        objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' } }))],
      },
      {
        name: 'a HostProcess DaemonSet on every Windows pool (it runs on the host)',
        objects: [windowsDaemonSet(windowsPodSpec({
          nodeSelector: { 'kubernetes.io/os': 'windows' },
          hostNetwork: true,
          securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
          containers: [windowsContainer({ image: WS2019_IMAGE, ports: undefined })],
        }))],
      },
    ],
  },
];
