import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { Rule } from '../rule';

export const noPodLevelResources: Rule = {
  name: 'no-pod-level-resources',
  severity: Severity.ERROR,
  summary: 'A pod sets pod-level `spec.resources`.',
  why: 'The Windows kubelet does not support pod-level resources and rejects such pods at admission (PodLevelResourcesNotSupported).',
  remediation: 'Remove `spec.resources` and set requests and limits on each container.',
  docsUrl: DOCS.resources,
  specSection: '2',
  checkPod: ({ pod }) => isSet(pod.spec.resources)
    ? [{ path: `${pod.path}.resources`, message: `pod sets resources: ${JSON.stringify(pod.spec.resources)}` }]
    : [],
};
