import { Severity } from '../../model/finding';
import { TargetProfile } from '../../model/profile';
import { celString } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { WINDOWS_HOST_NETWORK_ALPHA_MINOR, WINDOWS_HOST_NETWORK_REMOVED_MINOR } from '../lib/releases';
import { HostProcessPods, Rule, Violation } from '../rule';

/** The fact behind every finding; the finding's message tells what its target does with hostNetwork. */
const OWN_COMPARTMENT = 'Windows pods get their own network compartment: only HostProcess pods run in the host network.';

export const noHostNetwork: Rule = {
  name: 'no-host-network',
  severity: Severity.ERROR,
  summary: 'A pod that is not a HostProcess pod sets `hostNetwork: true`.',
  why: 'Windows pods get their own network compartment. Only HostProcess pods run in the host network (and must). For other pods, host networking existed only as the alpha WindowsHostNetwork kubelet feature, on by default in Kubernetes 1.26 to 1.32 and only where the container runtime supports it; before 1.26 and from 1.33 (deprecated, no longer implemented) the kubelet ignores hostNetwork without a word, so the pod does not get the host network it asked for.',
  remediation: 'Remove `hostNetwork` and expose the pod through a Service or a hostPort. For node-level work, use a HostProcess pod (every container `windowsOptions.hostProcess: true`).',
  docsUrl: DOCS.windowsPods,
  hostProcessPods: HostProcessPods.SKIPPED,
  gating: 'Not applied to HostProcess pods, which require `hostNetwork: true`. Kubernetes < 1.26: error (ignored). 1.26 to 1.32: warning (alpha WindowsHostNetwork, on by default in those releases, and only with a runtime that supports it). 1.33 and newer: error (deprecated, no longer implemented).',
  sources: 'pkg/features/kube_features.go WindowsHostNetwork (v1.26.15 … v1.37.2); pkg/kubelet/kuberuntime/kuberuntime_sandbox.go generatePodSandboxWindowsConfig (v1.27.16, v1.32.13; gone by v1.33.13); kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: profile => {
      const { message, severity } = findingAt(profile);
      return [{ expression: '!(has(variables.spec.hostNetwork) && variables.spec.hostNetwork == true)', messageExpression: celString(message), ...(severity ? { severity } : {}) }];
    },
  },
  checkPod: ({ pod, profile }): Violation[] => {
    if (pod.spec.hostNetwork !== true) return [];
    return [{ path: `${pod.path}.hostNetwork`, ...findingAt(profile), why: OWN_COMPARTMENT }];
  },
};

/** The finding at the target (the engine's and the policy's): what its release does with hostNetwork. */
function findingAt(profile: TargetProfile): { readonly message: string; readonly severity?: Severity } {
  const minor = profile.kubernetesVersion.minor;
  if (minor >= WINDOWS_HOST_NETWORK_ALPHA_MINOR && minor < WINDOWS_HOST_NETWORK_REMOVED_MINOR) {
    return {
      severity: Severity.WARNING,
      message: `pod sets hostNetwork: true without HostProcess containers; on Kubernetes ${profile.kubernetesVersion} that uses the alpha WindowsHostNetwork kubelet feature (on by default in 1.26 to 1.32, removed in 1.33), which works only where the container runtime supports it; elsewhere the pod silently gets its own network`,
    };
  }
  const why = minor < WINDOWS_HOST_NETWORK_ALPHA_MINOR
    ? `Kubernetes ${profile.kubernetesVersion} has no host networking for Windows pods (WindowsHostNetwork came in 1.26)`
    : `Kubernetes ${profile.kubernetesVersion} no longer implements host networking for Windows pods (WindowsHostNetwork was deprecated in 1.33)`;
  return { message: `pod sets hostNetwork: true without HostProcess containers: ${why}, so the pod silently gets its own network` };
}
