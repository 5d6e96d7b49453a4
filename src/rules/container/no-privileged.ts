import { Severity } from '../../model/finding';
import { celContainer, celEach, CONTAINERS, hasPath } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const noPrivileged: Rule = {
  name: 'no-privileged',
  severity: Severity.ERROR,
  summary: 'A container sets `securityContext.privileged` (even `false`).',
  why: 'Windows has no privileged containers, and the API server rejects `privileged` for Windows pods even when it is false.',
  remediation: 'Remove `privileged`. For work that needs host access, use a HostProcess pod (`windowsOptions.hostProcess: true`, `hostNetwork: true`).',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2); kubernetes.io concepts/windows/intro #compatibility-v1-pod-spec-containers (1.27 and newest docs)',
  admission: {
    checks: () => {
      const sets = hasPath('c', 'securityContext.privileged');
      return [{
        expression: `${CONTAINERS}.all(c, !(${sets}))`,
        messageExpression: celEach(CONTAINERS, 'c', sets, `${celContainer('c')} + ' sets privileged: ' + string(c.securityContext.privileged)`),
      }];
    },
  },
  checkPod: ({ containers }) => containers
    .filter(({ container }) => isSet(container.securityContext?.privileged))
    .map(({ container, path }) => ({
      path: `${path}.securityContext.privileged`,
      message: `container '${container.name}' sets privileged: ${container.securityContext.privileged}`,
    })),
};
