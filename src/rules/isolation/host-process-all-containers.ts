import { Severity } from '../../model/finding';
import { isHostProcessContainerCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPath, hostProcessPodOf } from '../lib/host-process';
import { containerLabel, isHostProcessContainer } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const hostProcessAllContainers: Rule = {
  name: 'host-process-all-containers',
  severity: Severity.ERROR,
  summary: 'A pod has HostProcess containers and containers (init and ephemeral too) that are not HostProcess.',
  why: 'HostProcess containers run directly on the host: the API server requires every container of a pod with one HostProcess container to be HostProcess, and the kubelet refuses to create a sandbox that mixes them.',
  remediation: 'Set `windowsOptions.hostProcess: true` at pod level so every container inherits it, or move the containers that are not HostProcess to another pod. `WindowsHostProcessDaemonSet` emits this.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.ALWAYS,
  gating: 'Pods with a HostProcess container. Split from `host-process-consistency`.',
  sources: 'pkg/apis/core/validation/validation.go validateWindowsHostProcessPod (v1.27.16, v1.37.2); kubernetes.io tasks/configure-pod-container/create-hostprocess-pod (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!${V.hostProcess} || ${V.containers}.all(c, ${isHostProcessContainerCel(V.spec, 'c')})`,
      messageExpression: `${V.containers}.filter(c, !${isHostProcessContainerCel(V.spec, 'c')}).map(c, 'container ' + c.name).join(', ') + ' is not a HostProcess container, but the pod has HostProcess containers: every container of the pod must be'`,
    }],
  },
  checkPod: ({ pod, containers }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod) return [];
    return containers.filter(({ container }) => !isHostProcessContainer(pod, container)).map(location => ({
      path: hostProcessPath(location),
      message: `${containerLabel(location)} is not a HostProcess container, but ${hostProcessPod.source}: every container of the pod must be`,
    }));
  },
};
