import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { Platform, PLATFORM_NAMES } from '../../model/platform';
import { WindowsServerVersion } from '../../model/profile';
import { AKS_OS_SKU_LABEL, WINDOWS_BUILD_LABEL } from '../../model/windows';
import { DOCS } from '../lib/docs';
import { selectedWindowsBuild } from '../lib/placement';
import { AKS_WINDOWS_OS_SKUS, offeredWindowsServers, PLATFORM_WINDOWS_SERVERS, unsupportedWindowsServer } from '../lib/platforms';
import { HostProcessPods, Rule, Violation } from '../rule';

const TABLED = PLATFORM_WINDOWS_SERVERS.filter(row => row.versions !== undefined).map(row => PLATFORM_NAMES[row.platform]);

export const platformWindowsServerUnsupported: Rule = {
  name: 'platform-windows-server-unsupported',
  severity: Severity.ERROR,
  summary: 'The platform has no node pools of the Windows Server version the target pins, or a pod selects (by `node.kubernetes.io/windows-build`, or AKS\'s `kubernetes.azure.com/os-sku`), at the target\'s Kubernetes minor.',
  why: 'A managed platform runs Windows pods only on the Windows Server versions its node pools offer, and each version only at some Kubernetes minors: AKS supports Windows Server 2019 node pools through 1.32 and Windows Server 2022 through 1.36, and Windows Server 2025 from 1.32; GKE offers LTSC2019 and LTSC2022 node images, no Windows Server 2025. A pod that selects a version the cluster cannot have stays Pending, and a target pinned to one describes a cluster that cannot exist.',
  remediation: 'Move the Windows nodes, the target\'s `windowsServerVersion` and the images to a version the platform offers at that Kubernetes minor (see the platform table in WINDOWS-FACTS.md), or target a Kubernetes minor that still offers yours.',
  docsUrl: DOCS.aksWindowsOs,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: `Platforms with a table of Windows Server versions (${TABLED.join(', ')}); EKS's rows have no minor bounds, so it never fires there. Judged: the target's windowsServerVersion, a node.kubernetes.io/windows-build node selector of a known build, and on AKS a kubernetes.azure.com/os-sku node selector.`,
  sources: PLATFORM_WINDOWS_SERVERS.filter(row => row.versions !== undefined).map(row => `${PLATFORM_NAMES[row.platform]}: ${row.sources}`).join('; '),
  checkPod: ({ pod, profile }) => {
    if (profile.platform === Platform.GENERIC) return [];
    const minor = profile.kubernetesVersion.minor;
    const platform = profile.platform;
    const fix = () => {
      const offered = offeredWindowsServers(platform, minor);
      return offered ? `Use ${offered} on ${PLATFORM_NAMES[platform]} at Kubernetes ${profile.kubernetesVersion}.` : undefined;
    };
    const violations: Violation[] = [];
    const seen = new Set<WindowsServerVersion>();
    const judge = (version: WindowsServerVersion | undefined, path: string, what: string) => {
      if (version === undefined || seen.has(version)) return;
      const reason = unsupportedWindowsServer(platform, version, minor);
      if (reason === undefined) return;
      seen.add(version);
      const remediation = fix();
      violations.push({ path, message: `${what} on Kubernetes ${profile.kubernetesVersion}, but ${reason}`, ...(remediation ? { remediation } : {}) });
    };
    const selector = isObject(pod.spec.nodeSelector) ? pod.spec.nodeSelector : {};
    const build = selectedWindowsBuild(pod);
    if (build) judge(WindowsServerVersion.fromBuild(build.build), `${pod.path}.nodeSelector[${WINDOWS_BUILD_LABEL}]`, `the pod selects ${WINDOWS_BUILD_LABEL}: ${build.value}`);
    const sku = selector[AKS_OS_SKU_LABEL];
    if (platform === Platform.AKS && typeof sku === 'string' && AKS_WINDOWS_OS_SKUS[sku]) {
      judge(AKS_WINDOWS_OS_SKUS[sku], `${pod.path}.nodeSelector[${AKS_OS_SKU_LABEL}]`, `the pod selects ${AKS_OS_SKU_LABEL}: ${sku}`);
    }
    if (violations.length === 0) judge(profile.windowsServerVersion, pod.path, `the target is ${profile.windowsServerVersion} nodes`);
    return violations;
  },
};
