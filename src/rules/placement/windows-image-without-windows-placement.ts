import { Severity } from '../../model/finding';
import { hasWindowsPlacementCel, isWindowsImageCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hasWindowsPlacement, osClaims } from '../lib/placement';
import { windowsImages } from '../lib/windows-intent';
import { HostProcessPods, Rule } from '../rule';

export const windowsImageWithoutWindowsPlacement: Rule = {
  name: 'windows-image-without-windows-placement',
  severity: Severity.ERROR,
  summary: 'A container uses a Windows image (mcr.microsoft.com/windows/*, mcr.microsoft.com/dotnet/framework/*, the old Docker Hub microsoft/iis, microsoft/aspnet, microsoft/windowsservercore..., servercore, nanoserver, `-windowsservercore-`/`-nanoserver-`/`ltsc20xx` tags) in a pod with no Windows placement.',
  why: 'Windows containers run only on Windows nodes, and the scheduler places a pod by its node selector, affinity and RuntimeClass only: without a Windows selector the pod lands on a Linux node (the control plane and most nodes are Linux), where the Windows image cannot be pulled or started.',
  remediation: 'Add `nodeSelector kubernetes.io/os: windows` (and `spec.os.name: windows` from Kubernetes 1.25, the `os=windows:NoSchedule` toleration, and `node.kubernetes.io/windows-build` for the image build), or use a Windows construct such as `WindowsDeployment`, which emits all of them.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always on. Windows placement: `spec.os.name: windows`, a `kubernetes.io/os: windows` (or `beta.kubernetes.io/os`) or `node.kubernetes.io/windows-build` node selector, a required node affinity whose every term selects Windows that way, AKS\'s `kubernetes.azure.com/os-sku: Windows*` node selector, or any `runtimeClassName` (a RuntimeClass brings its own scheduling). Windows constructs always emit placement, so in practice this fires on manifests from elsewhere (the checker).',
  sources: 'kubernetes.io concepts/windows/user-guide #ensuring-os-specific-workloads-land-on-the-appropriate-container-host (1.27 and newest docs); unchanged scheduling in v1.37.2',
  admission: {
    checks: () => [{
      expression: `(${hasWindowsPlacementCel(V.spec)}) || !${V.containers}.exists(c, ${isWindowsImageCel('c')})`,
      messageExpression: `${V.containers}.filter(c, ${isWindowsImageCel('c')}).map(c, 'container ' + c.name + ' uses the Windows image ' + c.image).join('; ') + ', but the pod has no Windows placement (no spec.os.name: windows, no kubernetes.io/os: windows or node.kubernetes.io/windows-build node selector or required node affinity, no runtimeClassName)'`,
    }],
  },
  checkPod: ({ pod, containers }) => {
    if (hasWindowsPlacement(pod)) return [];
    const linux = osClaims(pod).pod.find(claim => claim.os === 'linux');
    const placement = linux ? `the pod targets Linux (${linux.source})` : 'the pod has no Windows placement (no spec.os.name: windows, no kubernetes.io/os: windows or node.kubernetes.io/windows-build node selector or required node affinity, no runtimeClassName)';
    return windowsImages(containers).map(signal => ({ path: signal.path, message: `${signal.what}, but ${placement}` }));
  },
};
