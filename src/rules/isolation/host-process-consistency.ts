import { Severity } from '../../check/finding';
import { ContainerLocation } from '../../check/manifest';
import { ContainerRuntime } from '../../profile';
import { containerLabel, effectiveField } from '../container/security-context';
import { DOCS, isHostProcessContainer, Rule, Violation } from '../rule';

/** HostProcess containers: alpha (gate off by default) in 1.22, beta (on) in 1.23, GA in 1.26. */
const HOST_PROCESS_ALPHA_MINOR = 22;
const HOST_PROCESS_BETA_MINOR = 23;

const hostProcessPath = (location: ContainerLocation) => `${location.path}.securityContext.windowsOptions.hostProcess`;

export const hostProcessConsistency: Rule = {
  name: 'host-process-consistency',
  severity: Severity.ERROR,
  summary: 'A HostProcess pod is inconsistent: not every container is HostProcess, `hostNetwork` is not true, pod and container `hostProcess` differ, `runAsNonRoot: true`, or the target cannot run HostProcess containers.',
  why: 'HostProcess containers run directly on the host in the host network: the API server requires every container (init and ephemeral too) of a pod with one HostProcess container to be HostProcess, `hostNetwork: true`, and identical pod and container `hostProcess` values when both are set; HostProcess containers cannot run as non-root, and they need Kubernetes 1.22+ (alpha gate WindowsHostProcessContainers, beta and on by default from 1.23, GA 1.26) and containerd 1.6+.',
  remediation: 'Set `windowsOptions.hostProcess: true` at pod level (so every container inherits it) with `hostNetwork: true`, a host account such as `runAsUserName: "NT AUTHORITY\\SYSTEM"` and no `runAsNonRoot`; move containers that are not HostProcess to another pod. `WindowsHostProcessDaemonSet` emits all of this.',
  docsUrl: DOCS.hostProcess,
  specSection: '6',
  gating: 'The pod and container `hostProcess` values are compared on every pod (as the API server does); the other checks apply to pods with a HostProcess container. Kubernetes < 1.22 or the Docker EE runtime: error (no HostProcess support); 1.22: warning (alpha WindowsHostProcessContainers gate, off by default); 1.23 and newer: no version finding.',
  checkPod: ({ pod, containers, profile }) => {
    // One finding per field: problems at the same field are joined, the most severe wins.
    const byPath = new Map<string, { messages: string[]; severity: Severity }>();
    const add = (violation: Violation) => {
      const severity = violation.severity ?? Severity.ERROR;
      const entry = byPath.get(violation.path);
      if (!entry) {
        byPath.set(violation.path, { messages: [violation.message], severity });
        return;
      }
      entry.messages.push(violation.message);
      if (severity === Severity.ERROR) entry.severity = Severity.ERROR;
    };
    const result = (): Violation[] => [...byPath.entries()].map(([path, { messages, severity }]) => ({
      path,
      message: messages.join('; also, '),
      ...(severity === Severity.ERROR ? {} : { severity }),
    }));

    const podFlag = pod.spec.securityContext?.windowsOptions?.hostProcess;
    const podFlagPath = `${pod.path}.securityContext.windowsOptions.hostProcess`;
    for (const location of containers) {
      const own = location.container.securityContext?.windowsOptions?.hostProcess;
      if (typeof podFlag === 'boolean' && typeof own === 'boolean' && own !== podFlag) {
        add({ path: hostProcessPath(location), message: `${containerLabel(location)} sets windowsOptions.hostProcess: ${own}, but the pod sets windowsOptions.hostProcess: ${podFlag}; when both are set they must be identical` });
      }
    }

    const hostProcess = containers.filter(({ container }) => isHostProcessContainer(pod, container));
    if (hostProcess.length === 0) return result();
    const first = hostProcess[0];
    const source = podFlag === true ? 'the pod sets windowsOptions.hostProcess: true' : `${containerLabel(first)} is a HostProcess container`;

    for (const location of containers) {
      if (isHostProcessContainer(pod, location.container)) continue;
      add({ path: hostProcessPath(location), message: `${containerLabel(location)} is not a HostProcess container, but ${source}: every container of the pod must be` });
    }

    if (pod.spec.hostNetwork !== true) {
      add({
        path: `${pod.path}.hostNetwork`,
        message: `pod has HostProcess containers (${source}) but ${pod.spec.hostNetwork === undefined ? 'does not set hostNetwork' : `sets hostNetwork: ${JSON.stringify(pod.spec.hostNetwork)}`}; it must be true`,
      });
    }

    for (const location of hostProcess) {
      const nonRoot = effectiveField(pod, location, ['runAsNonRoot']);
      if (nonRoot?.value !== true || byPath.has(nonRoot.path)) continue;
      add({
        path: nonRoot.path,
        message: nonRoot.fromPod
          ? `the pod sets runAsNonRoot: true, but it has HostProcess containers (${source})`
          : `${containerLabel(location)} is a HostProcess container but sets runAsNonRoot: true`,
      });
    }

    const where = podFlag === true ? podFlagPath : hostProcessPath(first);
    const minor = profile.kubernetesVersion.minor;
    if (minor < HOST_PROCESS_ALPHA_MINOR) {
      add({ path: where, message: `${source}, but the target is Kubernetes ${profile.kubernetesVersion}: HostProcess containers need Kubernetes 1.22 or newer` });
    } else if (minor < HOST_PROCESS_BETA_MINOR) {
      add({ path: where, severity: Severity.WARNING, message: `${source}, and the target is Kubernetes ${profile.kubernetesVersion}, where HostProcess containers are alpha: they need the WindowsHostProcessContainers feature gate (off by default) on the API server and kubelets` });
    }
    if (profile.runtime === ContainerRuntime.DOCKER_EE) {
      add({ path: where, message: `${source}, but the target runtime is Docker EE: HostProcess containers need containerd 1.6 or newer` });
    }
    return result();
  },
};
