import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { celContainer, celEach, CONTAINERS } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

export const noHugepages: Rule = {
  name: 'no-hugepages',
  severity: Severity.ERROR,
  summary: 'A container requests or limits a `hugepages-*` resource.',
  why: 'The Windows container runtime has no huge pages and Windows nodes report no hugepages-* capacity, so a pod that asks for them cannot be scheduled on a Windows node.',
  remediation: 'Remove the `hugepages-*` requests and limits; size `memory` instead.',
  docsUrl: DOCS.limitations,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always an error; a warning when cdk8s lost the value (the written manifest then has no huge pages, but the setting did not take effect as written).',
  sources: 'kubernetes.io concepts/windows/intro #limitations and #compatibility-v1-pod-spec-containers (1.27 and newest docs)',
  // The warning is for cdk8s values lost in rendering: the API server never sees an undefined value.
  admission: {
    checks: () => {
      const asks = (kind: string) => `(has(c.resources.${kind}) && c.resources.${kind}.exists(r, r.startsWith('hugepages-')))`;
      const fails = `has(c.resources) && (${asks('requests')} || ${asks('limits')})`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: `${celEach(CONTAINERS, 'c', fails, celContainer('c'))} + ' ask for hugepages-* resources, which Windows nodes do not have'`,
      }];
    },
  },
  checkPod: ({ containers }) => containers.flatMap(location => (['requests', 'limits'] as const).flatMap(kind => {
    const resources = location.container.resources?.[kind];
    if (!isObject(resources)) return [];
    return Object.keys(resources).filter(name => name.startsWith('hugepages-')).map((name): Violation => resources[name] === undefined
      // A typed cdk8s field given a plain value (a JSON patch with '64Mi' for a Quantity) renders as undefined.
      ? {
        path: `${location.path}.resources.${kind}[${name}]`,
        severity: Severity.WARNING,
        message: `${containerLabel(location)} sets resources.${kind}.${name}, but its value was lost by cdk8s (it renders as undefined, so the written manifest leaves the resource out)`,
      }
      : {
        path: `${location.path}.resources.${kind}[${name}]`,
        message: `${containerLabel(location)} sets resources.${kind}.${name}: ${JSON.stringify(resources[name])}`,
      });
  })),
};
