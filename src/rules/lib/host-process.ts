import { containerLabel, isHostProcessContainer } from './security-context';
import { ContainerLocation, PodSpecLocation } from '../../model/manifest';

/** What the HostProcess rules need to know about a pod with at least one HostProcess container. */
export interface HostProcessPod {
  /** Its HostProcess containers (effective flag: the container's own, else the pod's). */
  readonly hostProcess: ContainerLocation[];
  /** Why it is a HostProcess pod, for messages: the pod's flag, or its first HostProcess container. */
  readonly source: string;
  /** The field that makes it one: the pod's flag, else the first HostProcess container's. */
  readonly flagPath: string;
}

/** The dotted path of a container's `windowsOptions.hostProcess`. */
export function hostProcessPath(location: ContainerLocation): string {
  return `${location.path}.securityContext.windowsOptions.hostProcess`;
}

/** The pod-level `windowsOptions.hostProcess`, when set. */
export function podHostProcessFlag(pod: PodSpecLocation): unknown {
  return pod.spec.securityContext?.windowsOptions?.hostProcess;
}

/** The pod as a HostProcess pod, or undefined when none of its containers is HostProcess. */
export function hostProcessPodOf(pod: PodSpecLocation, containers: ContainerLocation[]): HostProcessPod | undefined {
  const hostProcess = containers.filter(({ container }) => isHostProcessContainer(pod, container));
  if (hostProcess.length === 0) return undefined;
  const fromPod = podHostProcessFlag(pod) === true;
  return {
    hostProcess,
    source: fromPod ? 'the pod sets windowsOptions.hostProcess: true' : `${containerLabel(hostProcess[0])} is a HostProcess container`,
    flagPath: fromPod ? `${pod.path}.securityContext.windowsOptions.hostProcess` : hostProcessPath(hostProcess[0]),
  };
}

/**
 * Whether a pod is a HostProcess pod: its own `windowsOptions.hostProcess` is true, or one of its
 * containers is HostProcess. (A pod whose flags disagree is invalid: `host-process-flag-mismatch`.)
 */
export function isHostProcessPod(pod: PodSpecLocation, containers: ContainerLocation[]): boolean {
  return podHostProcessFlag(pod) === true || containers.some(({ container }) => isHostProcessContainer(pod, container));
}
