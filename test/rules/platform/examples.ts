// The examples of the platform rules: Windows workloads on AKS, EKS, GKE and OpenShift targets,
// each with what the platform refuses and with the same features it runs.
// test/rules/platform/platform.test.ts runs them.
import { Isolation, KubernetesVersion, Platform, Severity, TargetProfile, WindowsServerVersion } from '../../../src';
import { supportedWindowsFeatures, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
/** A target on `platform` at Kubernetes 1.`minor`. */
export const ON = (platform: Platform, minor = 27, windowsServerVersion?: WindowsServerVersion, isolation?: Isolation) =>
  TargetProfile.of({ platform, kubernetesVersion: KubernetesVersion.fromMinor(minor), windowsServerVersion, isolation });

const POD = 'spec.template.spec';
const WINDOWS_BUILD = 'node.kubernetes.io/windows-build';
const OS_SKU = 'kubernetes.azure.com/os-sku';

/** A Windows pod spec placed by required node affinity alone (no node selector). */
export function affinityOnlySpec(overrides: any = {}): any {
  return windowsPodSpec({
    nodeSelector: undefined,
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }] } } },
    ...overrides,
  });
}

/** A Windows pod spec selecting an AKS OS SKU instead of a build. */
const skuSpec = (sku: string) => windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [OS_SKU]: sku } });

/** A RuntimeClass with the Hyper-V handler that schedules onto Windows nodes. */
export const hyperVRuntimeClass = {
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name: 'windows-hyperv' },
  handler: 'runhcs-wcow-hypervisor',
  scheduling: { nodeSelector: { 'kubernetes.io/os': 'windows' } },
};

/** A RuntimeClass with the process handler that schedules onto Windows Server 2022 nodes. */
export const processRuntimeClass = {
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: { name: 'windows-2022' },
  handler: 'runhcs-wcow-process',
  scheduling: { nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: '10.0.20348' } },
};

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'platform-windows-server-unsupported',
    violating: [{
      name: 'AKS 1.33: a pod selecting Windows Server 2019 nodes (AKS supports them through 1.32)',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: '10.0.17763' } }))],
      profile: ON(Platform.AKS, 33),
      findings: [{ path: `${POD}.nodeSelector[${WINDOWS_BUILD}]`, severity: Severity.ERROR, names: [`${WINDOWS_BUILD}: 10.0.17763`, 'Kubernetes 1.33', 'AKS supports Windows Server 2019 node pools through Kubernetes 1.32 only'] }],
    }, {
      name: 'AKS 1.37: a pod selecting the os-sku Windows2022 (not supported from 1.37)',
      objects: [windowsDeployment(skuSpec('Windows2022'))],
      profile: ON(Platform.AKS, 37),
      findings: [{ path: `${POD}.nodeSelector[${OS_SKU}]`, severity: Severity.ERROR, names: [`${OS_SKU}: Windows2022`, 'through Kubernetes 1.36 only'] }],
    }, {
      name: 'AKS 1.31: a target pinned to Windows Server 2025 (node pools from 1.32), on a pod that pins no build',
      objects: [windowsPod(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' } }))],
      profile: ON(Platform.AKS, 31, WindowsServerVersion.WS2025),
      findings: [{ path: 'spec', severity: Severity.ERROR, names: ['the target is Windows Server 2025 nodes on Kubernetes 1.31', 'from Kubernetes 1.32 only'] }],
    }, {
      name: 'GKE: a pod selecting Windows Server 2025 nodes (GKE offers LTSC2019 and LTSC2022)',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: '10.0.26100' } }))],
      profile: ON(Platform.GKE, 33),
      findings: [{ path: `${POD}.nodeSelector[${WINDOWS_BUILD}]`, severity: Severity.ERROR, names: ['GKE offers no Windows Server 2025 node pools (it offers 2019 and 2022)'] }],
    }],
    passing: [{
      name: 'AKS 1.33: the supported Windows features on Windows Server 2022 nodes',
      objects: [supportedWindowsFeatures()],
      profile: ON(Platform.AKS, 33, WindowsServerVersion.WS2022),
    }, {
      name: 'AKS 1.37: os-sku Windows2025',
      objects: [windowsDeployment(skuSpec('Windows2025'))],
      profile: ON(Platform.AKS, 37),
    }, {
      name: 'AKS 1.32: Windows Server 2019 nodes are still supported',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: '10.0.17763' } }))],
      profile: ON(Platform.AKS, 32, WindowsServerVersion.WS2019),
    }, {
      name: 'EKS 1.37: Windows Server 2019, 2022 and 2025 nodes (no minor bounds are tabled)',
      objects: [2019, 2022, 2025].map(year => windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: WindowsServerVersion.of(String(year)).buildLabel } }), `web-${year}`)),
      profile: ON(Platform.EKS, 37),
    }, {
      name: 'generic Kubernetes: Windows Server 2019 on 1.37 is not this rule\'s business',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: '10.0.17763' } }))],
      profile: ON(Platform.GENERIC, 37),
    }],
  },
  {
    rule: 'eks-windows-node-selector',
    violating: [{
      name: 'a Windows Deployment placed by node affinity alone',
      objects: [windowsDeployment(affinityOnlySpec())],
      profile: ON(Platform.EKS, 33),
      findings: [{ path: `${POD}.nodeSelector`, severity: Severity.ERROR, names: ['no nodeSelector kubernetes.io/os: windows', 'it is placed by node affinity', 'vpc.amazonaws.com/PrivateIPv4Address'] }],
    }, {
      name: 'a Windows Pod with spec.os.name and a build selector but no OS selector',
      objects: [windowsPod(windowsPodSpec({ nodeSelector: { [WINDOWS_BUILD]: '10.0.20348' } }))],
      profile: ON(Platform.EKS, 30),
      findings: [{ path: 'spec.nodeSelector', severity: Severity.ERROR, names: ['no nodeSelector kubernetes.io/os: windows'] }],
    }, {
      name: 'a RuntimeClass in the input that does not select Windows nodes',
      objects: [windowsDeployment(affinityOnlySpec({ runtimeClassName: 'plain' })), { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'plain' }, handler: 'runhcs-wcow-process' }],
      profile: ON(Platform.EKS, 30),
      findings: [{ path: `${POD}.nodeSelector`, severity: Severity.ERROR, names: ['no nodeSelector kubernetes.io/os: windows'] }],
    }],
    passing: [{
      name: 'the supported Windows features with the OS node selector',
      objects: [supportedWindowsFeatures()],
      profile: ON(Platform.EKS, 33),
    }, {
      name: 'node affinity beside the OS node selector, and the beta label',
      objects: [
        windowsDeployment(affinityOnlySpec({ nodeSelector: { 'kubernetes.io/os': 'windows' } }), 'both'),
        windowsDeployment(affinityOnlySpec({ nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }), 'beta'),
      ],
      profile: ON(Platform.EKS, 33),
    }, {
      name: 'a RuntimeClass that selects Windows nodes (merged into the pod\'s selector at admission)',
      objects: [windowsDeployment(affinityOnlySpec({ runtimeClassName: 'windows-2022' })), processRuntimeClass],
      profile: ON(Platform.EKS, 33),
    }, {
      name: 'a HostProcess DaemonSet on the host network (the webhook skips it)',
      objects: [windowsDeployment(affinityOnlySpec({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } }))],
      profile: ON(Platform.EKS, 33),
    }, {
      name: 'affinity alone on AKS: not this rule\'s platform',
      objects: [windowsDeployment(affinityOnlySpec())],
      profile: ON(Platform.AKS, 33),
    }],
  },
  {
    rule: 'openshift-windows-pod-os',
    violating: [{
      name: 'a Windows Deployment without spec.os',
      objects: [windowsDeployment(windowsPodSpec({ os: undefined }))],
      profile: ON(Platform.OPENSHIFT, 30),
      findings: [{ path: `${POD}.os`, severity: Severity.ERROR, names: ['does not set spec.os.name: windows', 'defaults runAsNonRoot: true'] }],
    }],
    passing: [{
      name: 'the supported Windows features with spec.os.name: windows',
      objects: [supportedWindowsFeatures()],
      profile: ON(Platform.OPENSHIFT, 30),
    }, {
      name: 'Kubernetes 1.24 (OpenShift 4.11): spec.os is beta and not judged',
      objects: [windowsDeployment(windowsPodSpec({ os: undefined }))],
      profile: ON(Platform.OPENSHIFT, 24),
    }, {
      name: 'no spec.os on EKS: not this rule\'s platform',
      objects: [windowsDeployment(windowsPodSpec({ os: undefined }))],
      profile: ON(Platform.EKS, 30),
    }],
  },
  {
    rule: 'gke-hyperv-unsupported',
    violating: [{
      name: 'a RuntimeClass with the Hyper-V handler',
      objects: [windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-hyperv' })), hyperVRuntimeClass],
      profile: ON(Platform.GKE, 30),
      findings: [{ path: `${POD}.runtimeClassName`, severity: Severity.ERROR, names: ["RuntimeClass 'windows-hyperv'", 'GKE does not support'] }],
    }, {
      name: 'a target of Hyper-V isolation',
      objects: [windowsDeployment()],
      profile: ON(Platform.GKE, 30, undefined, Isolation.HYPERV),
      findings: [{ path: POD, severity: Severity.ERROR, names: ['the target is Hyper-V isolation'] }],
    }],
    passing: [{
      name: 'the supported Windows features, process-isolated',
      objects: [supportedWindowsFeatures()],
      profile: ON(Platform.GKE, 30),
    }, {
      name: 'a process RuntimeClass',
      objects: [windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-2022' })), processRuntimeClass],
      profile: ON(Platform.GKE, 30),
    }, {
      name: 'Hyper-V on AKS: not this rule\'s platform',
      objects: [windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-hyperv' })), hyperVRuntimeClass],
      profile: ON(Platform.AKS, 30),
    }],
  },
];
