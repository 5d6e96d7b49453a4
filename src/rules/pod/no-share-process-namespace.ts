import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const noShareProcessNamespace: Rule = {
  name: 'no-share-process-namespace',
  severity: Severity.ERROR,
  summary: 'A pod sets `shareProcessNamespace` (even `false`).',
  why: 'Windows containers in a pod cannot share a process namespace, and the API server rejects shareProcessNamespace for Windows pods whenever it is set, even to false.',
  remediation: 'Remove `shareProcessNamespace`.',
  docsUrl: DOCS.windowsPods,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2)',
  admission: {
    checks: () => [{
      expression: `!has(${V.spec}.shareProcessNamespace)`,
      messageExpression: `'pod sets shareProcessNamespace: ' + string(${V.spec}.shareProcessNamespace)`,
    }],
  },
  checkPod: ({ pod }) => isSet(pod.spec.shareProcessNamespace)
    ? [{ path: `${pod.path}.shareProcessNamespace`, message: `pod sets shareProcessNamespace: ${JSON.stringify(pod.spec.shareProcessNamespace)}` }]
    : [],
};
