import { Severity } from '../../model/finding';
import { CONTAINER_ADMINISTRATOR, isContainerAdministrator } from '../../model/windows';
import { celContainer, celEach, celString, CONTAINERS, effectiveIsSet, effectiveTrue, effectiveValue, SPEC } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, effectiveField, show } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';


export const runAsNonRootConflict: Rule = {
  name: 'run-as-non-root-conflict',
  severity: Severity.ERROR,
  summary: 'A container runs as `ContainerAdministrator` (any case) with `runAsNonRoot: true`, counting pod-level settings.',
  why: 'The kubelet regards ContainerAdministrator as the root identity and refuses to start a container that must run as non-root.',
  remediation: 'Give ContainerAdministrator only to the container that needs it, as its own account (the container\'s `securityContext.windowsOptions.runAsUserName`; on the Windows workloads the container\'s `runAsUserName`, `WindowsContainerProps`), with no `runAsNonRoot: true` for that container, and keep the pod\'s account and `runAsNonRoot: true` for the others. Otherwise run as a non-administrator account (`runAsUserName: ContainerUser`).',
  docsUrl: DOCS.runAsUserName,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot (v1.27.16, v1.37.2)',
  admission: {
    checks: () => {
      const user = effectiveValue(SPEC, 'c', 'windowsOptions.runAsUserName');
      const fails = `${effectiveTrue('c', 'runAsNonRoot')} && ${effectiveIsSet(SPEC, 'c', 'windowsOptions.runAsUserName')} && ${user}.lowerAscii() == ${celString(CONTAINER_ADMINISTRATOR.toLowerCase())}`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: `${celEach(CONTAINERS, 'c', fails, `${celContainer('c')} + ' runs as ' + ${user}`)} + ' with runAsNonRoot: true: the kubelet refuses to start ContainerAdministrator as non-root'`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => containers.flatMap(location => {
    const nonRoot = effectiveField(pod, location, ['runAsNonRoot']);
    const user = effectiveField(pod, location, ['windowsOptions', 'runAsUserName']);
    if (nonRoot?.value !== true || typeof user?.value !== 'string') return [];
    if (!isContainerAdministrator(user.value)) return [];
    const source = (field: { fromPod: boolean }) => field.fromPod ? ' (from the pod securityContext)' : '';
    return [{
      path: user.path,
      message: `${containerLabel(location)} runs as windowsOptions.runAsUserName: ${show(user.value)}${source(user)} with runAsNonRoot: true${source(nonRoot)}`,
    }];
  }),
};
