import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const noHostNamespaces: Rule = {
  name: 'no-host-namespaces',
  severity: Severity.ERROR,
  summary: 'A pod sets `hostPID: true` or `hostIPC: true`.',
  why: 'Windows containers cannot share the host\'s process or IPC namespace, and the API server rejects hostPID and hostIPC for Windows pods.',
  remediation: 'Remove `hostPID` and `hostIPC`. For work on the node itself, use a HostProcess pod.',
  docsUrl: DOCS.windowsPods,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2); kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!((has(${V.spec}.hostPID) && ${V.spec}.hostPID == true) || (has(${V.spec}.hostIPC) && ${V.spec}.hostIPC == true))`,
      messageExpression: `'pod sets ' + ['hostPID', 'hostIPC'].filter(f, f == 'hostPID' ? (has(${V.spec}.hostPID) && ${V.spec}.hostPID == true) : (has(${V.spec}.hostIPC) && ${V.spec}.hostIPC == true)).join(' and ') + ': true'`,
    }],
  },
  checkPod: ({ pod }) => (['hostPID', 'hostIPC'] as const)
    .filter(field => pod.spec[field] === true)
    .map(field => ({ path: `${pod.path}.${field}`, message: `pod sets ${field}: true` })),
};
