import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { isHostProcessContainer } from '../lib/security-context';
import { Rule } from '../rule';

export const noHostNetwork: Rule = {
  name: 'no-host-network',
  severity: Severity.ERROR,
  summary: 'A pod that is not a HostProcess pod sets `hostNetwork: true`.',
  why: 'Windows pods get their own network compartment: without the WindowsHostNetwork feature gate (alpha in 1.26, off by default, deprecated in 1.33) the kubelet silently ignores hostNetwork, so the pod does not get the host network it asked for. Only HostProcess pods run in the host network (and must).',
  remediation: 'Remove `hostNetwork` and expose the pod through a Service or a hostPort. For node-level work, use a HostProcess pod (every container `windowsOptions.hostProcess: true`).',
  docsUrl: DOCS.networking,
  specSection: '2',
  gating: 'Not applied to HostProcess pods, which require `hostNetwork: true`. Stays an error on every version: the WindowsHostNetwork alpha gate (1.26+, deprecated 1.33) is off by default.',
  checkPod: ({ pod, containers }) => {
    if (pod.spec.hostNetwork !== true) return [];
    // A pod with any HostProcess container is a HostProcess pod: the host-process-* rules check the rest.
    if (containers.some(({ container }) => isHostProcessContainer(pod, container))) return [];
    return [{ path: `${pod.path}.hostNetwork`, message: 'pod sets hostNetwork: true without HostProcess containers' }];
  },
};
