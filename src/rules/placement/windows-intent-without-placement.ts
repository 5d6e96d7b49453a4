import { Severity } from '../../model/finding';
import { celString, hasPath, hasWindowsPlacementCel, legacyHyperVAnnotationCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hasWindowsPlacement, osClaims } from '../lib/placement';
import { WINDOWS_PATH, windowsSettings } from '../lib/windows-intent';
import { HostProcessPods, Rule } from '../rule';

export const windowsIntentWithoutPlacement: Rule = {
  name: 'windows-intent-without-placement',
  severity: Severity.ERROR,
  summary: 'A pod sets Windows-only things (windowsOptions: gMSA, runAsUserName, hostProcess; the legacy Hyper-V annotation; a named-pipe or drive-letter host path or mount path) but has no Windows placement.',
  why: 'Those settings only mean something on a Windows node, and the scheduler places a pod by its node selector, affinity and RuntimeClass alone: without a Windows selector the pod lands on a Linux node (the control plane and most nodes are Linux), where it fails or does something else.',
  remediation: 'Add `nodeSelector kubernetes.io/os: windows` (and `spec.os.name: windows` from Kubernetes 1.25, the `os=windows:NoSchedule` toleration), or use a Windows construct such as `WindowsDeployment` or `WindowsHostProcessDaemonSet`, which emit them.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always on; one finding per pod, at its first Windows-only setting, naming them all. Windows images are `windows-image-without-windows-placement`. Windows placement is as for that rule (AKS\'s `kubernetes.azure.com/os-sku: Windows*` counts).',
  sources: 'kubernetes.io concepts/windows/user-guide #ensuring-os-specific-workloads-land-on-the-appropriate-container-host (1.27 and newest docs); pkg/apis/core/validation/validation.go validateLinux: windowsOptions rejected for spec.os.name: linux (v1.27.16, v1.37.2)',
  admission: {
    checks: () => {
      const s = V.spec;
      const path = celString(WINDOWS_PATH.source);
      const options = (o: string) => `(has(${o}.gmsaCredentialSpecName) || has(${o}.gmsaCredentialSpec) || has(${o}.runAsUserName) || (has(${o}.hostProcess) && ${o}.hostProcess == true))`;
      const signals = [
        `(${hasPath(s, 'securityContext.windowsOptions')} && ${options(`${s}.securityContext.windowsOptions`)})`,
        `${V.containers}.exists(c, ${hasPath('c', 'securityContext.windowsOptions')} && ${options('c.securityContext.windowsOptions')})`,
        legacyHyperVAnnotationCel(V.meta),
        `(has(${s}.volumes) && ${s}.volumes.exists(v, ${hasPath('v', 'hostPath.path')} && v.hostPath.path.matches(${path})))`,
        `${V.containers}.exists(c, has(c.volumeMounts) && c.volumeMounts.exists(m, m.mountPath.matches(${path})))`,
      ];
      return [{
        expression: `(${hasWindowsPlacementCel(s)}) || !(${signals.join(' || ')})`,
        messageExpression: "'the pod asks for Windows (windowsOptions, the legacy Hyper-V annotation, or a Windows host path or mount path), but it has no Windows placement (no spec.os.name: windows, no Windows node selector or required node affinity, no runtimeClassName)'",
      }];
    },
  },
  checkPod: ({ pod, containers }) => {
    if (hasWindowsPlacement(pod)) return [];
    const signals = windowsSettings(pod, containers);
    if (signals.length === 0) return [];
    const linux = osClaims(pod).pod.find(claim => claim.os === 'linux');
    const placement = linux ? `the pod targets Linux (${linux.source})` : 'the pod has no Windows placement (no spec.os.name: windows, no Windows node selector or required node affinity, no runtimeClassName)';
    return [{ path: signals[0].path, message: `${signals.map(s => s.what).join('; ')}, but ${placement}` }];
  },
};
