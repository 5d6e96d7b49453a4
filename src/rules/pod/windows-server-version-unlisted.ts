import { Severity } from '../../model/finding';
import { WindowsServerVersion } from '../../model/profile';
import { WINDOWS_BUILD_LABEL } from '../../model/windows';
import { celString, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { selectedWindowsBuild } from '../lib/placement';
import { WINDOWS_SERVER_2019_UNLISTED_MINOR } from '../lib/releases';
import { HostProcessPods, Rule } from '../rule';

export const windowsServerVersionUnlisted: Rule = {
  name: 'windows-server-version-unlisted',
  severity: Severity.INFO,
  summary: 'A pod targets Windows Server 2019 nodes (by the profile or a `node.kubernetes.io/windows-build: 10.0.17763` selector) on Kubernetes 1.35 or newer.',
  why: 'The kubernetes.io Windows pages of the newest releases list Windows Server 2022 and 2025 as the supported hosts (those of 1.27 listed 2019 and 2022). Windows Server 2019 nodes may still join, but upstream no longer tests or documents them.',
  remediation: 'Move the Windows nodes to Windows Server 2022 or 2025 (and the images to their `ltsc2022`/`ltsc2025` builds), or target an older Kubernetes release.',
  docsUrl: DOCS.windowsNodes,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Kubernetes 1.35 and newer (the first release whose docs were read without Windows Server 2019; the exact release that dropped it was not pinned down).',
  sources: 'kubernetes.io concepts/windows/intro (1.27 docs: Windows Server 2019 and 2022; release-1.36 docs: Windows Server 2022 and 2025)',
  admission: {
    checks: profile => {
      if (!profile.kubernetesVersion.isAtLeast(WINDOWS_SERVER_2019_UNLISTED_MINOR)) return [];
      const ns = `${V.spec}.nodeSelector`;
      const label = celString(WINDOWS_BUILD_LABEL);
      const build = `(has(${ns}) && ${label} in ${ns} && ${ns}[${label}].trim().matches('^10\\\\.0\\\\.0*17763$'))`;
      const anyBuild = `(has(${ns}) && ${label} in ${ns} && ${ns}[${label}].trim().matches('^10\\\\.0\\\\.[0-9]+$'))`;
      const checks = [{ expression: `!${build}`, messageExpression: `'pod selects Windows Server 2019 nodes (node.kubernetes.io/windows-build: ' + ${ns}[${label}] + ') on Kubernetes ${profile.kubernetesVersion}'` }];
      if (profile.windowsServerVersion?.buildNumber === WindowsServerVersion.WS2019.buildNumber) {
        checks.push({ expression: `${anyBuild}`, messageExpression: `'the target is ${profile.windowsServerVersion} nodes on Kubernetes ${profile.kubernetesVersion}'` });
      }
      return checks;
    },
  },
  checkPod: ({ pod, profile }) => {
    if (!profile.kubernetesVersion.isAtLeast(WINDOWS_SERVER_2019_UNLISTED_MINOR)) return [];
    const WS2019 = WindowsServerVersion.WS2019;
    const selected = selectedWindowsBuild(pod);
    if (selected?.build === WS2019.buildNumber) {
      return [{ path: `${pod.path}.nodeSelector[node.kubernetes.io/windows-build]`, message: `pod selects Windows Server 2019 nodes (node.kubernetes.io/windows-build: ${selected.value}) on Kubernetes ${profile.kubernetesVersion}` }];
    }
    if (selected === undefined && profile.windowsServerVersion?.buildNumber === WS2019.buildNumber) {
      return [{ path: pod.path, message: `the target is ${profile.windowsServerVersion} nodes on Kubernetes ${profile.kubernetesVersion}` }];
    }
    return [];
  },
};
