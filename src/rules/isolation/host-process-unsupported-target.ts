import { Severity } from '../../model/finding';
import { ContainerRuntime } from '../../model/profile';
import { celString, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPodOf } from '../lib/host-process';
import { HostProcessPods, Rule } from '../rule';

/** HostProcess containers: alpha (gate off by default) in 1.22, beta (on) in 1.23, GA in 1.26. */
const HOST_PROCESS_ALPHA_MINOR = 22;
const HOST_PROCESS_BETA_MINOR = 23;

export const hostProcessUnsupportedTarget: Rule = {
  name: 'host-process-unsupported-target',
  severity: Severity.ERROR,
  summary: 'A pod has HostProcess containers, but the target Kubernetes version or runtime cannot run them.',
  why: 'HostProcess containers need Kubernetes 1.22 or newer (alpha gate WindowsHostProcessContainers, off by default, in 1.22; beta and on by default from 1.23; GA in 1.26) and containerd 1.6 or newer: Docker EE cannot run them.',
  remediation: 'Target Kubernetes 1.23 or newer with containerd 1.6+ nodes, or on 1.22 turn on the WindowsHostProcessContainers feature gate on the API server and kubelets.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Kubernetes < 1.22 or the Docker EE runtime: error (no HostProcess support); 1.22: warning (alpha gate, off by default); 1.23 and newer with containerd: no finding. Reported at the pod\'s hostProcess flag, else the first HostProcess container\'s. Split from `host-process-consistency`.',
  sources: 'pkg/features/kube_features.go WindowsHostProcessContainers (GA in v1.26.15 and v1.27.16, removed by v1.28.15); kubernetes.io tasks/configure-pod-container/create-hostprocess-pod (containerd 1.6+)',
  admission: {
    checks: profile => {
      const minor = profile.kubernetesVersion.minor;
      const dockerEe = profile.runtime === ContainerRuntime.DOCKER_EE;
      if (minor >= HOST_PROCESS_BETA_MINOR && !dockerEe) return [];
      const reason = dockerEe ? 'the target runtime is Docker EE: HostProcess containers need containerd 1.6 or newer'
        : minor < HOST_PROCESS_ALPHA_MINOR ? `the target is Kubernetes ${profile.kubernetesVersion}: HostProcess containers need Kubernetes 1.22 or newer`
          : `the target is Kubernetes ${profile.kubernetesVersion}, where HostProcess containers are alpha: they need the WindowsHostProcessContainers feature gate (off by default) on the API server and kubelets`;
      return [{
        expression: `!${V.hostProcess}`,
        messageExpression: `'the pod has HostProcess containers, but ' + ${celString(reason)}`,
        ...(!dockerEe && minor >= HOST_PROCESS_ALPHA_MINOR ? { severity: Severity.WARNING } : {}),
      }];
    },
  },
  checkPod: ({ pod, containers, profile }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod) return [];
    const { source, flagPath } = hostProcessPod;
    const reasons: string[] = [];
    let severity = Severity.ERROR;
    const minor = profile.kubernetesVersion.minor;
    if (minor < HOST_PROCESS_ALPHA_MINOR) {
      reasons.push(`${source}, but the target is Kubernetes ${profile.kubernetesVersion}: HostProcess containers need Kubernetes 1.22 or newer`);
    } else if (minor < HOST_PROCESS_BETA_MINOR) {
      reasons.push(`${source}, and the target is Kubernetes ${profile.kubernetesVersion}, where HostProcess containers are alpha: they need the WindowsHostProcessContainers feature gate (off by default) on the API server and kubelets`);
      severity = Severity.WARNING;
    }
    if (profile.runtime === ContainerRuntime.DOCKER_EE) {
      reasons.push(`${source}, but the target runtime is Docker EE: HostProcess containers need containerd 1.6 or newer`);
      severity = Severity.ERROR;
    }
    if (reasons.length === 0) return [];
    // One finding at the flag: the most severe reason decides its severity.
    return [{ path: flagPath, message: reasons.join('; also, '), ...(severity === Severity.ERROR ? {} : { severity }) }];
  },
};
