import { Severity } from '../../model/finding';
import { effectiveIsSet, effectiveValue, isHostProcessContainerCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPodOf } from '../lib/host-process';
import { containerLabel, effectiveField, show } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

/** The accounts that exist only inside a container, never on the host. */
const CONTAINER_ACCOUNTS = ['containeruser', 'containeradministrator'];

export const hostProcessContainerAccount: Rule = {
  name: 'host-process-container-account',
  severity: Severity.ERROR,
  summary: 'A HostProcess container runs as a container account (`ContainerUser`, `ContainerAdministrator`).',
  why: 'HostProcess containers run on the host as a host account: `NT AUTHORITY\\SYSTEM`, `NT AUTHORITY\\LOCAL SERVICE`, `NT AUTHORITY\\NETWORK SERVICE`, or a local user group. The container accounts exist only inside a container\'s own sandbox, so the container cannot start as one.',
  remediation: 'Set `windowsOptions.runAsUserName` to `NT AUTHORITY\\SYSTEM` (or LOCAL SERVICE, NETWORK SERVICE, or a local group created for the purpose). `WindowsHostProcessDaemonSet` defaults to SYSTEM.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'HostProcess containers; the effective `runAsUserName` (the container\'s own, else the pod\'s), compared case-insensitively. Reported once per field.',
  sources: 'kubernetes.io tasks/configure-pod-container/create-hostprocess-pod, "Choosing a user account" (1.27 and newest docs)',
  admission: {
    checks: () => {
      const account = (c: string) => `${isHostProcessContainerCel(V.spec, c)} && ${effectiveIsSet(V.spec, c, 'windowsOptions.runAsUserName')} && ${effectiveValue(V.spec, c, 'windowsOptions.runAsUserName')}.lowerAscii() in ['containeruser', 'containeradministrator']`;
      return [{
        expression: `!${V.hostProcess} || !${V.containers}.exists(c, ${account('c')})`,
        messageExpression: `${V.containers}.filter(c, ${account('c')}).map(c, 'container ' + c.name + ' runs as ' + ${effectiveValue(V.spec, 'c', 'windowsOptions.runAsUserName')}).join(', ') + ' in a HostProcess pod; that account exists only inside a container'`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod) return [];
    const violations = new Map<string, Violation>();
    for (const location of hostProcessPod.hostProcess) {
      const user = effectiveField(pod, location, ['windowsOptions', 'runAsUserName']);
      if (!user || typeof user.value !== 'string' || !CONTAINER_ACCOUNTS.includes(user.value.toLowerCase()) || violations.has(user.path)) continue;
      violations.set(user.path, {
        path: user.path,
        message: `${user.fromPod ? 'the pod' : containerLabel(location)} sets runAsUserName: ${show(user.value)} for HostProcess containers (${hostProcessPod.source}); that account exists only inside a container`,
      });
    }
    return [...violations.values()];
  },
};
