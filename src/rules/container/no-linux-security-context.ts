import { Severity } from '../../model/finding';
import { celContainer, celEach, celString, CONTAINERS } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

/**
 * Container securityContext fields the API server forbids for Windows pods (besides
 * `privileged`): why each does not apply to Windows, and its fix.
 */
const LINUX_CONTAINER_FIELDS: { readonly [field: string]: { readonly why: string; readonly remediation: string } } = {
  allowPrivilegeEscalation: {
    why: 'Windows has no setuid-style privilege escalation to allow or forbid',
    remediation: 'Remove `allowPrivilegeEscalation`.',
  },
  capabilities: {
    why: 'Windows has no POSIX capabilities to add or drop',
    remediation: 'Remove `capabilities`. For host-level work, use a HostProcess pod.',
  },
  procMount: { why: 'Windows has no /proc', remediation: 'Remove `procMount`.' },
  readOnlyRootFilesystem: {
    why: 'a Windows container needs a writable root: its registry hive lives there',
    remediation: 'Remove `readOnlyRootFilesystem`. Restrict writes with ACLs, or mount data volumes read-only.',
  },
  runAsUser: {
    why: 'Windows has no UIDs',
    remediation: 'Remove `runAsUser`. Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`).',
  },
  runAsGroup: {
    why: 'Windows has no GIDs',
    remediation: 'Remove `runAsGroup`. Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`).',
  },
  seLinuxOptions: { why: 'Windows has no SELinux', remediation: 'Remove `seLinuxOptions`.' },
  seccompProfile: { why: 'Windows has no seccomp', remediation: 'Remove `seccompProfile`.' },
  appArmorProfile: { why: 'Windows has no AppArmor', remediation: 'Remove `appArmorProfile`.' },
};

/** What every finding of the rule adds to its field's own reason. */
const REJECTED = 'and the API server rejects the field for Windows pods when it is set at all, whatever its value';

export const noLinuxSecurityContext: Rule = {
  name: 'no-linux-security-context',
  severity: Severity.ERROR,
  summary: 'A container sets a Linux-only `securityContext` field: ' + Object.keys(LINUX_CONTAINER_FIELDS).map(f => `\`${f}\``).join(', ') + '.',
  why: 'Windows has no POSIX capabilities, SELinux, AppArmor, seccomp, UIDs/GIDs or /proc, and a read-only root filesystem breaks the container registry hive; the API server rejects each of these fields for Windows pods when set at all.',
  remediation: 'Remove the field (each finding says why it does not apply to Windows). Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`) instead of runAsUser/runAsGroup.',
  docsUrl: DOCS.containers,
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows, container loop (v1.27.16, v1.37.2; appArmorProfile from 1.30); kubernetes.io concepts/windows/intro #compatibility-v1-pod-spec-containers (1.27 and newest docs)',
  admission: {
    checks: () => {
      const fields = Object.keys(LINUX_CONTAINER_FIELDS);
      const sets = `has(c.securityContext) && (${fields.map(f => `has(c.securityContext.${f})`).join(' || ')})`;
      const named = `[${fields.map(f => `has(c.securityContext.${f}) ? ${celString(`securityContext.${f}`)} : ''`).join(', ')}].filter(f, f != '').join(', ')`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${sets}))`,
        messageExpression: celEach(CONTAINERS, 'c', sets, `${celContainer('c')} + ' sets ' + ${named}`),
      }];
    },
  },
  checkPod: ({ containers }) => containers.flatMap(({ container, path }) =>
    Object.keys(LINUX_CONTAINER_FIELDS)
      .filter(field => isSet(container.securityContext?.[field]))
      .map(field => ({
        path: `${path}.securityContext.${field}`,
        message: `container '${container.name}' sets securityContext.${field}: ${JSON.stringify(container.securityContext[field])}`,
        why: `${LINUX_CONTAINER_FIELDS[field].why}, ${REJECTED}.`,
        remediation: LINUX_CONTAINER_FIELDS[field].remediation,
      }))),
};
