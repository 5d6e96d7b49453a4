import { Severity } from '../../model/finding';
import { TargetProfile } from '../../model/profile';
import { celString, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { POD_LEVEL_RESOURCES_ALPHA_MINOR, POD_LEVEL_RESOURCES_BETA_MINOR } from '../lib/releases';
import { isSet } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const noPodLevelResources: Rule = {
  name: 'no-pod-level-resources',
  severity: Severity.ERROR,
  summary: 'A pod sets pod-level `spec.resources`.',
  why: 'Windows does not support pod-level resources: from Kubernetes 1.34 (PodLevelResources beta, on) the API server rejects them for `spec.os.name: windows` and the Windows kubelet rejects such pods at admission (PodLevelResourcesNotSupported); in 1.32 and 1.33 (alpha, off) the API server drops the field; before 1.32 it is not a Pod field.',
  remediation: 'Remove `spec.resources` and set requests and limits on each container.',
  docsUrl: DOCS.resources,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always an error; the message says what the target release does with the field.',
  sources: 'pkg/apis/core/validation/validation.go validatePodResources (v1.34.4 … v1.37.2); pkg/kubelet/lifecycle/features_windows.go (v1.34.4 … v1.37.2); pkg/features/kube_features.go PodLevelResources (v1.32.13 … v1.37.2)',
  admission: {
    checks: profile => {
      return [{ expression: `!has(${V.spec}.resources)`, messageExpression: `'pod sets resources; ' + ${celString(fateAt(profile))}` }];
    },
  },
  checkPod: ({ pod, profile }) => {
    if (!isSet(pod.spec.resources)) return [];
    return [{ path: `${pod.path}.resources`, message: `pod sets resources: ${JSON.stringify(pod.spec.resources)}; ${fateAt(profile)}` }];
  },
};

/** What the target release does with a Windows pod's `spec.resources` (the engine's and the policy's message). */
function fateAt(profile: TargetProfile): string {
  const minor = profile.kubernetesVersion.minor;
  if (minor >= POD_LEVEL_RESOURCES_BETA_MINOR) return 'the API server rejects it for Windows pods, and the Windows kubelet rejects pods without spec.os at admission';
  if (minor >= POD_LEVEL_RESOURCES_ALPHA_MINOR) {
    return `on Kubernetes ${profile.kubernetesVersion} pod-level resources are alpha and off by default (the API server drops the field), and Windows does not support them`;
  }
  return `spec.resources is not a Pod field before Kubernetes 1.32 (the target is ${profile.kubernetesVersion})`;
}
