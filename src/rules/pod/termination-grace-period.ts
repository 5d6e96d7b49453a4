import { Severity } from '../../model/finding';
import { ContainerRuntime } from '../../model/profile';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule } from '../rule';

/** Seconds Docker EE leaves a Windows container between CTRL_SHUTDOWN_EVENT and the kill. */
const DOCKER_EE_SHUTDOWN_SECONDS = 5;

export const terminationGracePeriod: Rule = {
  name: 'termination-grace-period',
  severity: Severity.WARNING,
  summary: `With Docker EE, a pod sets \`terminationGracePeriodSeconds\` above ${DOCKER_EE_SHUTDOWN_SECONDS}.`,
  why: `Docker EE does not implement the grace period for Windows containers: it sends CTRL_SHUTDOWN_EVENT and kills the processes about ${DOCKER_EE_SHUTDOWN_SECONDS} seconds later, whatever the pod asks for. containerd honours it.`,
  remediation: `Make the application shut down within ${DOCKER_EE_SHUTDOWN_SECONDS} seconds of CTRL_SHUTDOWN_EVENT (a preStop hook does not extend it), or move the nodes to containerd.`,
  docsUrl: DOCS.limitations,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/windows/intro #limitations and #compatibility-v1-pod (1.27 and newest docs) (TerminationGracePeriod requires containerd; Docker waits 5 seconds)',
  gating: `Only with the Docker EE runtime (Kubernetes 1.23 and older), and only for values above ${DOCKER_EE_SHUTDOWN_SECONDS} seconds.`,
  admission: {
    // The API server defaults terminationGracePeriodSeconds to 30, so a policy cannot tell it was left unset.
    // No cluster that runs these policies (Kubernetes 1.30+) has Docker EE nodes: the rule has no check there.
    checks: profile => profile.runtime !== ContainerRuntime.DOCKER_EE ? [] : [{
      expression: `!(has(${V.spec}.terminationGracePeriodSeconds) && ${V.spec}.terminationGracePeriodSeconds > ${DOCKER_EE_SHUTDOWN_SECONDS})`,
      messageExpression: `'pod sets terminationGracePeriodSeconds: ' + string(${V.spec}.terminationGracePeriodSeconds) + ', but Docker EE gives containers about ${DOCKER_EE_SHUTDOWN_SECONDS}'`,
    }],
  },
  checkPod: ({ pod, profile }) => {
    const seconds: unknown = pod.spec.terminationGracePeriodSeconds;
    if (profile.runtime !== ContainerRuntime.DOCKER_EE || typeof seconds !== 'number' || seconds <= DOCKER_EE_SHUTDOWN_SECONDS) return [];
    return [{
      path: `${pod.path}.terminationGracePeriodSeconds`,
      message: `pod sets terminationGracePeriodSeconds: ${seconds}, but Docker EE gives containers about ${DOCKER_EE_SHUTDOWN_SECONDS}`,
    }];
  },
};
