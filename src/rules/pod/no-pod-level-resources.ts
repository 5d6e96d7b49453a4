import { Severity } from '../../model/finding';
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
      const minor = profile.kubernetesVersion.minor;
      const what = minor >= POD_LEVEL_RESOURCES_BETA_MINOR
        ? 'the API server rejects it for Windows pods, and the Windows kubelet rejects pods without spec.os at admission'
        : minor >= POD_LEVEL_RESOURCES_ALPHA_MINOR
          ? `on Kubernetes ${profile.kubernetesVersion} pod-level resources are alpha and off by default (the API server drops the field), and Windows does not support them`
          : `spec.resources is not a Pod field before Kubernetes 1.32 (the target is ${profile.kubernetesVersion})`;
      return [{ expression: `!has(${V.spec}.resources)`, messageExpression: `'pod sets resources; ' + ${celString(what)}` }];
    },
  },
  checkPod: ({ pod, profile }) => {
    if (!isSet(pod.spec.resources)) return [];
    const minor = profile.kubernetesVersion.minor;
    const what = minor >= POD_LEVEL_RESOURCES_BETA_MINOR
      ? 'the API server rejects it for Windows pods, and the Windows kubelet rejects pods without spec.os at admission'
      : minor >= POD_LEVEL_RESOURCES_ALPHA_MINOR
        ? `on Kubernetes ${profile.kubernetesVersion} pod-level resources are alpha and off by default (the API server drops the field), and Windows does not support them`
        : `spec.resources is not a Pod field before Kubernetes 1.32 (the target is ${profile.kubernetesVersion})`;
    return [{ path: `${pod.path}.resources`, message: `pod sets resources: ${JSON.stringify(pod.spec.resources)}; ${what}` }];
  },
};
