import { Severity } from '../../model/finding';
import { celContainer, celEach, CONTAINERS, effectiveIsSet, effectiveTrue, SPEC } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, effectiveField } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const runAsNonRootNeedsUsername: Rule = {
  name: 'run-as-non-root-needs-username',
  severity: Severity.WARNING,
  summary: 'A container runs with `runAsNonRoot: true` (its own or the pod\'s) but no `windowsOptions.runAsUserName`.',
  why: 'Windows has no UIDs: with runAsNonRoot the kubelet looks at the image\'s default user, and refuses to start images whose default user is ContainerAdministrator (servercore, IIS and most Microsoft images).',
  remediation: 'Set `securityContext.windowsOptions.runAsUserName` (pod or container) to a non-administrator account such as `ContainerUser`, or drop `runAsNonRoot`.',
  docsUrl: DOCS.runAsUserName,
  hostProcessPods: HostProcessPods.SKIPPED,
  gating: 'HostProcess containers are exempt: they run as a host account.',
  sources: 'pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot (v1.27.16, v1.37.2)',
  admission: {
    checks: () => {
      const fails = `${effectiveTrue('c', 'runAsNonRoot')} && !${effectiveIsSet(SPEC, 'c', 'windowsOptions.runAsUserName')}`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: `${celEach(CONTAINERS, 'c', fails, celContainer('c'))} + ' run with runAsNonRoot: true and no windowsOptions.runAsUserName: the kubelet refuses to start an image whose default user is ContainerAdministrator'`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => containers
    .flatMap(location => {
      const nonRoot = effectiveField(pod, location, ['runAsNonRoot']);
      if (nonRoot?.value !== true || effectiveField(pod, location, ['windowsOptions', 'runAsUserName'])) return [];
      return [{
        path: nonRoot.path,
        message: `${containerLabel(location)} runs with runAsNonRoot: true${nonRoot.fromPod ? ' (from the pod securityContext)' : ''} and no windowsOptions.runAsUserName`,
      }];
    }),
};
