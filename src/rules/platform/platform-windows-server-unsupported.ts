import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { Platform, PLATFORM_NAMES } from '../../model/platform';
import { TargetProfile, WindowsServerVersion } from '../../model/profile';
import { AKS_OS_SKU_LABEL, WINDOWS_BUILD_LABEL } from '../../model/windows';
import { celString, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { selectedWindowsBuild } from '../lib/placement';
import { AKS_WINDOWS_OS_SKUS, offeredWindowsServers, PLATFORM_WINDOWS_SERVERS, unsupportedWindowsServer } from '../lib/platforms';
import { CelCheck, HostProcessPods, Rule, Violation } from '../rule';

const TABLED = PLATFORM_WINDOWS_SERVERS.filter(row => row.versions !== undefined).map(row => PLATFORM_NAMES[row.platform]);

/** The AKS OS SKU of `version` (`Windows2019`). */
const skuOf = (version: WindowsServerVersion) => Object.keys(AKS_WINDOWS_OS_SKUS).find(sku => AKS_WINDOWS_OS_SKUS[sku] === version);

/** The CEL checks at `platform` and 1.`minor`: one per selector and unsupported version, then the target's version. */
function celChecks(profile: TargetProfile): CelCheck[] {
  const platform = profile.platform;
  const minor = profile.kubernetesVersion.minor;
  const unsupported = WindowsServerVersion.all().filter(version => unsupportedWindowsServer(platform, version, minor) !== undefined);
  if (platform === Platform.GENERIC || unsupported.length === 0) return [];
  const offered = offeredWindowsServers(platform, minor);
  const use = offered ? `; use ${offered} on ${PLATFORM_NAMES[platform]} at Kubernetes ${profile.kubernetesVersion}` : '';
  const ns = `${V.spec}.nodeSelector`;
  const value = (label: string) => `${ns}[${celString(label)}]`;
  const selected = (label: string) => `has(${ns}) && ${celString(label)} in ${ns}`;
  // buildOfLabel and fromBuild: 10.0.<build>, the build read as a number (leading zeros allowed).
  const selectsBuild = (version: WindowsServerVersion) => `(${selected(WINDOWS_BUILD_LABEL)} && ${value(WINDOWS_BUILD_LABEL)}.trim().matches(${celString(`^10\\.0\\.0*${version.buildNumber}$`)}))`;
  const selectsSku = (version: WindowsServerVersion) => `(${selected(AKS_OS_SKU_LABEL)} && ${value(AKS_OS_SKU_LABEL)} == ${celString(skuOf(version)!)})`;
  const checks: CelCheck[] = [];
  const selectorFindings: string[] = [];
  for (const version of unsupported) {
    const reason = `, but ${unsupportedWindowsServer(platform, version, minor)}${use}`;
    selectorFindings.push(selectsBuild(version));
    checks.push({ expression: `!${selectsBuild(version)}`, messageExpression: `${celString(`the pod selects ${WINDOWS_BUILD_LABEL}: `)} + ${value(WINDOWS_BUILD_LABEL)} + ${celString(` on Kubernetes ${profile.kubernetesVersion}${reason}`)}` });
    if (platform === Platform.AKS && skuOf(version)) {
      selectorFindings.push(selectsSku(version));
      checks.push({ expression: `!${selectsSku(version)}`, messageExpression: celString(`the pod selects ${AKS_OS_SKU_LABEL}: ${skuOf(version)} on Kubernetes ${profile.kubernetesVersion}${reason}`) });
    }
  }
  const target = profile.windowsServerVersion;
  if (target && unsupported.includes(target)) {
    // Named when no selector is (the checks above report the pod then).
    checks.push({ expression: selectorFindings.join(' || '), messageExpression: celString(`the target is ${target} nodes on Kubernetes ${profile.kubernetesVersion}, but ${unsupportedWindowsServer(platform, target, minor)}${use}`) });
  }
  return checks;
}

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
  admission: { checks: celChecks },
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
    if (platform === Platform.AKS && typeof sku === 'string' && Object.prototype.hasOwnProperty.call(AKS_WINDOWS_OS_SKUS, sku)) {
      judge(AKS_WINDOWS_OS_SKUS[sku], `${pod.path}.nodeSelector[${AKS_OS_SKU_LABEL}]`, `the pod selects ${AKS_OS_SKU_LABEL}: ${sku}`);
    }
    if (violations.length === 0) judge(profile.windowsServerVersion, pod.path, `the target is ${profile.windowsServerVersion} nodes`);
    return violations;
  },
};
