import { Severity } from '../../model/finding';
import { celContainer, celEach, CONTAINERS } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { parseQuantity } from '../lib/quantity';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const memoryRequestEqualsLimit: Rule = {
  name: 'memory-request-equals-limit',
  severity: Severity.WARNING,
  summary: 'A container\'s memory request is lower than its memory limit.',
  why: 'Memory requests only steer scheduling on Windows; a node overcommitted by requests below limits pages to disk rather than evicting or OOM-killing, so every pod on it slows down.',
  remediation: 'Set `resources.requests.memory` equal to `resources.limits.memory` (or leave the request out: it defaults to the limit).',
  docsUrl: DOCS.memory,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/configuration/windows-resource-management #resource-management-memory (1.27 and newest docs)',
  admission: {
    checks: () => {
      // Memory quantities reach the policy as strings (the API server writes them canonical).
      const [request, limit] = ['requests', 'limits'].map(kind => `quantity(string(c.resources.${kind}.memory))`);
      const fails = "has(c.resources) && has(c.resources.requests) && has(c.resources.limits) && 'memory' in c.resources.requests && 'memory' in c.resources.limits"
        + ` && ${request}.isLessThan(${limit})`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: celEach(CONTAINERS, 'c', fails, `${celContainer('c')} + ' requests memory ' + string(c.resources.requests.memory) + ', below its limit ' + string(c.resources.limits.memory)`),
      }];
    },
  },
  checkPod: ({ containers }) => containers.flatMap(location => {
    const request: unknown = location.container.resources?.requests?.memory;
    const limit: unknown = location.container.resources?.limits?.memory;
    const requestBytes = parseQuantity(request);
    const limitBytes = parseQuantity(limit);
    // Unparseable quantities are the schema's business; a request above the limit the API server's.
    if (requestBytes === undefined || limitBytes === undefined || requestBytes >= limitBytes) return [];
    return [{
      path: `${location.path}.resources.requests.memory`,
      message: `${containerLabel(location)} requests memory ${String(request)}, below its limit ${String(limit)}`,
    }];
  }),
};
