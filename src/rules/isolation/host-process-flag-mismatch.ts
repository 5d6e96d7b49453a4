import { Severity } from '../../model/finding';
import { hasPath, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPath, podHostProcessFlag } from '../lib/host-process';
import { containerLabel } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

export const hostProcessFlagMismatch: Rule = {
  name: 'host-process-flag-mismatch',
  severity: Severity.ERROR,
  summary: 'A container sets `windowsOptions.hostProcess` to a value other than the pod\'s `windowsOptions.hostProcess`.',
  why: 'The API server requires the pod and container `hostProcess` values to be identical when both are set (`validateWindowsHostProcessPod`), and rejects the pod otherwise.',
  remediation: 'Set `windowsOptions.hostProcess` once, at pod level, so every container inherits it; or remove the container\'s value.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.ALWAYS,
  gating: 'Compared on every pod, as the API server does. Split from `host-process-consistency`.',
  sources: 'pkg/apis/core/validation/validation.go validateWindowsHostProcessPod (v1.27.16, v1.37.2)',
  admission: {
    checks: () => {
      const flag = 'securityContext.windowsOptions.hostProcess';
      const mismatch = (c: string) => `${hasPath(c, flag)} && ${c}.${flag} != ${V.spec}.${flag}`;
      return [{
        expression: `!(${hasPath(V.spec, flag)} && ${V.containers}.exists(c, ${mismatch('c')}))`,
        messageExpression: `${V.containers}.filter(c, ${mismatch('c')}).map(c, 'container ' + c.name + ' sets windowsOptions.hostProcess: ' + string(c.${flag})).join('; ') + ', but the pod sets windowsOptions.hostProcess: ' + string(${V.spec}.${flag}) + '; when both are set they must be identical'`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => {
    const podFlag = podHostProcessFlag(pod);
    if (typeof podFlag !== 'boolean') return [];
    return containers.flatMap(location => {
      const own = location.container.securityContext?.windowsOptions?.hostProcess;
      if (typeof own !== 'boolean' || own === podFlag) return [];
      return [{ path: hostProcessPath(location), message: `${containerLabel(location)} sets windowsOptions.hostProcess: ${own}, but the pod sets windowsOptions.hostProcess: ${podFlag}; when both are set they must be identical` }];
    });
  },
};
