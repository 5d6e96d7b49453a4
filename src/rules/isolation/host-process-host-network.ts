import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPodOf } from '../lib/host-process';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const hostProcessHostNetwork: Rule = {
  name: 'host-process-host-network',
  severity: Severity.ERROR,
  summary: 'A pod with HostProcess containers does not set `hostNetwork: true`.',
  why: 'HostProcess containers run in the host\'s network: the API server rejects a HostProcess pod whose `hostNetwork` is not true, and the kubelet refuses its sandbox ("hostNetwork is required if Pod contains HostProcess containers").',
  remediation: 'Set `hostNetwork: true` on the HostProcess pod. `WindowsHostProcessDaemonSet` (or `hostProcess: true` on any Windows workload) sets it.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.ALWAYS,
  gating: 'Pods with a HostProcess container. Split from `host-process-consistency`.',
  sources: 'pkg/apis/core/validation/validation.go validateWindowsHostProcessPod (v1.27.16, v1.37.2); kubernetes.io tasks/configure-pod-container/create-hostprocess-pod (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!${V.hostProcess} || (has(${V.spec}.hostNetwork) && ${V.spec}.hostNetwork == true)`,
      messageExpression: "'pod has HostProcess containers but does not set hostNetwork: true; it must'",
    }],
  },
  checkPod: ({ pod, containers }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod || pod.spec.hostNetwork === true) return [];
    const actual = pod.spec.hostNetwork === undefined ? 'does not set hostNetwork' : `sets hostNetwork: ${JSON.stringify(pod.spec.hostNetwork)}`;
    return [{ path: `${pod.path}.hostNetwork`, message: `pod has HostProcess containers (${hostProcessPod.source}) but ${actual}; it must be true` }];
  },
};
