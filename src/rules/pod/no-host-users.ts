import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { USER_NAMESPACES_ON_MINOR } from '../lib/releases';
import { isSet } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const noHostUsers: Rule = {
  name: 'no-host-users',
  severity: Severity.ERROR,
  summary: 'A pod sets `hostUsers` (even `true`).',
  why: 'User namespaces are a Linux feature; `validateWindows` rejects hostUsers for Windows pods whenever it is set. The API server drops the field first while the user-namespaces feature gate is off, which is the default before 1.33.',
  remediation: 'Remove `hostUsers`.',
  docsUrl: DOCS.windowsPods,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Kubernetes 1.33 and newer (UserNamespacesSupport on by default; GA in 1.36): error, the API server rejects it. Older: warning, the API server drops the field with the default gates and rejects it where the gate is on.',
  sources: 'pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2); pkg/features/kube_features.go UserNamespacesStatelessPodsSupport / UserNamespacesSupport (v1.27.16 … v1.37.2); upstream validator answers at 1.27 (dropped, valid) and 1.37 (invalid)',
  admission: {
    checks: profile => {
      const expression = `!has(${V.spec}.hostUsers)`;
      if (profile.kubernetesVersion.isAtLeast(USER_NAMESPACES_ON_MINOR)) {
        return [{ expression, messageExpression: `'pod sets hostUsers: ' + string(${V.spec}.hostUsers) + '; the API server rejects it for Windows pods'` }];
      }
      return [{
        expression,
        severity: Severity.WARNING,
        messageExpression: `'pod sets hostUsers: ' + string(${V.spec}.hostUsers) + '; on Kubernetes ${profile.kubernetesVersion} the API server drops it with the default feature gates (user namespaces off) and rejects it for Windows pods where the gate is on'`,
      }];
    },
  },
  checkPod: ({ pod, profile }) => {
    if (!isSet(pod.spec.hostUsers)) return [];
    const path = `${pod.path}.hostUsers`;
    const value = JSON.stringify(pod.spec.hostUsers);
    if (profile.kubernetesVersion.isAtLeast(USER_NAMESPACES_ON_MINOR)) {
      return [{ path, message: `pod sets hostUsers: ${value}; the API server rejects it for Windows pods` }];
    }
    return [{
      path,
      severity: Severity.WARNING,
      message: `pod sets hostUsers: ${value}; on Kubernetes ${profile.kubernetesVersion} the API server drops it with the default feature gates (user namespaces off) and rejects it for Windows pods where the gate is on`,
    }];
  },
};
