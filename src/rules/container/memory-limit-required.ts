import { Severity } from '../../model/finding';
import { celContainer, celEach, CONTAINERS_AND_INIT } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, isSet } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const memoryLimitRequired: Rule = {
  name: 'memory-limit-required',
  severity: Severity.WARNING,
  summary: 'A container (or init container) sets no memory limit.',
  why: 'Windows has no OOM killer: a container without a memory limit pages to disk under pressure and slows the whole node instead of being killed.',
  remediation: 'Set `resources.limits.memory`, and a memory request equal to it.',
  docsUrl: DOCS.memory,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Ephemeral containers are exempt: the API server does not let them set resources.',
  sources: 'kubernetes.io concepts/configuration/windows-resource-management #resource-management-memory (1.27 and newest docs)',
  admission: {
    checks: () => {
      const fails = "!(has(c.resources) && has(c.resources.limits) && 'memory' in c.resources.limits)";
      return [{
        expression: `(${CONTAINERS_AND_INIT}).all(c, !(${fails}))`,
        messageExpression: `${celEach(`(${CONTAINERS_AND_INIT})`, 'c', fails, celContainer('c'))} + ' set no memory limit'`,
      }];
    },
  },
  checkPod: ({ containers }) => containers
    .filter(({ list, container }) => list !== 'ephemeralContainers' && !isSet(container.resources?.limits?.memory))
    .map(location => ({
      path: `${location.path}.resources.limits.memory`,
      message: `${containerLabel(location)} sets no memory limit`,
    })),
};
