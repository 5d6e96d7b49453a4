import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

/** Pod securityContext fields the API server forbids for Windows pods when set at all. */
const LINUX_POD_FIELDS = [
  'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'fsGroup', 'fsGroupChangePolicy',
  'sysctls', 'seLinuxOptions', 'seLinuxChangePolicy', 'seccompProfile', 'appArmorProfile',
];

export const noLinuxPodSecurityContext: Rule = {
  name: 'no-linux-pod-security-context',
  severity: Severity.ERROR,
  summary: 'A pod sets a Linux-only `securityContext` field: ' + LINUX_POD_FIELDS.map(f => `\`${f}\``).join(', ') + ' (sysctls when non-empty).',
  why: 'Windows has no UIDs/GIDs, supplemental groups, volume ownership changes, sysctls, SELinux, seccomp or AppArmor; the API server rejects each of these pod securityContext fields for Windows pods when set at all.',
  remediation: 'Remove the field. Choose the Windows user with `securityContext.windowsOptions.runAsUserName` (e.g. `ContainerUser`); control file access with Windows ACLs, not fsGroup.',
  docsUrl: DOCS.podSecurityContext,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2; appArmorProfile from 1.30, supplementalGroupsPolicy from 1.31, seLinuxChangePolicy from 1.32); kubernetes.io concepts/windows/intro #compatibility-v1-pod-spec-containers-securitycontext (1.27 and newest docs)',
  admission: {
    checks: () => {
      const sc = `${V.spec}.securityContext`;
      const set = (field: string) => field === 'sysctls' ? `(has(${sc}.sysctls) && size(${sc}.sysctls) > 0)` : `has(${sc}.${field})`;
      const fields = `[${LINUX_POD_FIELDS.map(f => `'${f}'`).join(', ')}]`;
      const which = LINUX_POD_FIELDS.map(f => `(f == '${f}' && ${set(f)})`).join(' || ');
      return [{
        expression: `!has(${sc}) || !(${LINUX_POD_FIELDS.map(set).join(' || ')})`,
        messageExpression: `'pod sets securityContext.' + ${fields}.filter(f, ${which}).join(', securityContext.')`,
      }];
    },
  },
  checkPod: ({ pod }) => {
    const securityContext = pod.spec.securityContext ?? {};
    return LINUX_POD_FIELDS
      // An empty sysctls list is what the API server lets through.
      .filter(field => field === 'sysctls' ? Array.isArray(securityContext.sysctls) && securityContext.sysctls.length > 0 : isSet(securityContext[field]))
      .map(field => ({
        path: `${pod.path}.securityContext.${field}`,
        message: `pod sets securityContext.${field}: ${JSON.stringify(securityContext[field])}`,
      }));
  },
};
