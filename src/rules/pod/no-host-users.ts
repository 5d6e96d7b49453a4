import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { Rule } from '../rule';

export const noHostUsers: Rule = {
  name: 'no-host-users',
  severity: Severity.ERROR,
  summary: 'A pod sets `hostUsers` (even `true`).',
  why: 'User namespaces are a Linux feature; the API server rejects hostUsers for Windows pods whenever it is set (where the user-namespaces feature gate keeps the field; with the gate off the field is dropped without a word).',
  remediation: 'Remove `hostUsers`.',
  docsUrl: DOCS.windowsPods,
  specSection: '2',
  checkPod: ({ pod }) => isSet(pod.spec.hostUsers)
    ? [{ path: `${pod.path}.hostUsers`, message: `pod sets hostUsers: ${JSON.stringify(pod.spec.hostUsers)}` }]
    : [],
};
