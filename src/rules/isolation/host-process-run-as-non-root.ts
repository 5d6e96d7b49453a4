import { Severity } from '../../model/finding';
import { effectiveIsSet, effectiveValue, isHostProcessContainerCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hostProcessPodOf } from '../lib/host-process';
import { containerLabel, effectiveField } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

export const hostProcessRunAsNonRoot: Rule = {
  name: 'host-process-run-as-non-root',
  severity: Severity.ERROR,
  summary: 'A HostProcess container runs with `runAsNonRoot: true` (its own or the pod\'s).',
  why: 'HostProcess containers run as a host account (SYSTEM, LOCAL SERVICE, NETWORK SERVICE or a local group), which the kubelet cannot prove non-root: the HostProcess documentation forbids `runAsNonRoot: true`, and such a container does not start. The API server does not check it.',
  remediation: 'Remove `runAsNonRoot` from the HostProcess pod and its containers; choose the host account with `windowsOptions.runAsUserName`.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'HostProcess containers. Reported once per field (the pod\'s field once for all containers). Split from `host-process-consistency`.',
  sources: 'kubernetes.io tasks/configure-pod-container/create-hostprocess-pod (1.27 and newest docs) (the API server does not check it)',
  admission: {
    checks: () => {
      const nonRoot = (c: string) => `${isHostProcessContainerCel(V.spec, c)} && ${effectiveIsSet(V.spec, c, 'runAsNonRoot')} && ${effectiveValue(V.spec, c, 'runAsNonRoot')} == true`;
      return [{
        expression: `!${V.hostProcess} || !${V.containers}.exists(c, ${nonRoot('c')})`,
        messageExpression: `${V.containers}.filter(c, ${nonRoot('c')}).map(c, 'container ' + c.name).join(', ') + ' is a HostProcess container but runs with runAsNonRoot: true (its own or the pod\\'s)'`,
      }];
    },
  },
  checkPod: ({ pod, containers }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod) return [];
    const violations = new Map<string, Violation>();
    for (const location of hostProcessPod.hostProcess) {
      const nonRoot = effectiveField(pod, location, ['runAsNonRoot']);
      if (nonRoot?.value !== true || violations.has(nonRoot.path)) continue;
      violations.set(nonRoot.path, {
        path: nonRoot.path,
        message: nonRoot.fromPod
          ? `the pod sets runAsNonRoot: true, but it has HostProcess containers (${hostProcessPod.source})`
          : `${containerLabel(location)} is a HostProcess container but sets runAsNonRoot: true`,
      });
    }
    return [...violations.values()];
  },
};
