import { Severity } from '../../model/finding';
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
      const minor = profile.kubernetesVersion.minor;
      const passes = '!(has(variables.spec.hostNetwork) && variables.spec.hostNetwork == true)';
      if (minor >= WINDOWS_HOST_NETWORK_ALPHA_MINOR && minor < WINDOWS_HOST_NETWORK_REMOVED_MINOR) {
        return [{ expression: passes, severity: Severity.WARNING, messageExpression: `'pod sets hostNetwork: true without HostProcess containers; on Kubernetes ${profile.kubernetesVersion} that uses the alpha WindowsHostNetwork kubelet feature, which works only where the container runtime supports it; elsewhere the pod silently gets its own network'` }];
      }
      const why = minor < WINDOWS_HOST_NETWORK_ALPHA_MINOR ? 'has no host networking for Windows pods' : 'no longer implements host networking for Windows pods';
      return [{ expression: passes, messageExpression: `'pod sets hostNetwork: true without HostProcess containers: Kubernetes ${profile.kubernetesVersion} ${why}, so the pod silently gets its own network'` }];
    },
  },
  // Each finding tells the history for its own target, so it carries only the lasting fact.
  checkPod: ({ pod, profile }): Violation[] => {
    if (pod.spec.hostNetwork !== true) return [];
    const path = `${pod.path}.hostNetwork`;
    const minor = profile.kubernetesVersion.minor;
    if (minor >= WINDOWS_HOST_NETWORK_ALPHA_MINOR && minor < WINDOWS_HOST_NETWORK_REMOVED_MINOR) {
      return [{
        path,
        severity: Severity.WARNING,
        message: `pod sets hostNetwork: true without HostProcess containers; on Kubernetes ${profile.kubernetesVersion} that uses the alpha WindowsHostNetwork kubelet feature (on by default in 1.26 to 1.32, removed in 1.33), which works only where the container runtime supports it; elsewhere the pod silently gets its own network`,
        why: OWN_COMPARTMENT,
      }];
    }
    const why = minor < WINDOWS_HOST_NETWORK_ALPHA_MINOR
      ? `Kubernetes ${profile.kubernetesVersion} has no host networking for Windows pods (WindowsHostNetwork came in 1.26)`
      : `Kubernetes ${profile.kubernetesVersion} no longer implements host networking for Windows pods (WindowsHostNetwork was deprecated in 1.33)`;
    return [{ path, message: `pod sets hostNetwork: true without HostProcess containers: ${why}, so the pod silently gets its own network`, why: OWN_COMPARTMENT }];
  },
};
