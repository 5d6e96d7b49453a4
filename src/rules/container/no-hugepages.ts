import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { DOCS } from '../lib/docs';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const noHugepages: Rule = {
  name: 'no-hugepages',
  severity: Severity.ERROR,
  summary: 'A container requests or limits a `hugepages-*` resource.',
  why: 'The Windows container runtime has no huge pages and Windows nodes report no hugepages-* capacity, so a pod that asks for them cannot be scheduled on a Windows node.',
  remediation: 'Remove the `hugepages-*` requests and limits; size `memory` instead.',
  docsUrl: DOCS.limitations,
  specSection: '3',
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/windows/intro #limitations and #compatibility-v1-pod-spec-containers (1.27 and newest docs)',
  checkPod: ({ containers }) => containers.flatMap(location => (['requests', 'limits'] as const).flatMap(kind => {
    const resources = location.container.resources?.[kind];
    if (!isObject(resources)) return [];
    return Object.keys(resources).filter(name => name.startsWith('hugepages-')).map(name => ({
      path: `${location.path}.resources.${kind}[${name}]`,
      message: `${containerLabel(location)} sets resources.${kind}.${name}: ${JSON.stringify(resources[name])}`,
    }));
  })),
};
