import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

/** Container securityContext fields the API server forbids for Windows pods (besides `privileged`), with the fix for each. */
const LINUX_CONTAINER_FIELDS: { readonly [field: string]: string } = {
  allowPrivilegeEscalation: 'Remove `allowPrivilegeEscalation`: Windows has no setuid-style privilege escalation to allow or forbid.',
  capabilities: 'Remove `capabilities`: Windows has no POSIX capabilities. For host-level work, use a HostProcess pod.',
  procMount: 'Remove `procMount`: Windows has no /proc.',
  readOnlyRootFilesystem: 'Remove `readOnlyRootFilesystem`: a Windows container needs a writable root (its registry hive lives there). Restrict writes with ACLs, or mount data volumes read-only.',
  runAsUser: 'Remove `runAsUser`: Windows has no UIDs. Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`).',
  runAsGroup: 'Remove `runAsGroup`: Windows has no GIDs. Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`).',
  seLinuxOptions: 'Remove `seLinuxOptions`: Windows has no SELinux.',
  seccompProfile: 'Remove `seccompProfile`: Windows has no seccomp.',
  appArmorProfile: 'Remove `appArmorProfile`: Windows has no AppArmor.',
};

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
  checkPod: ({ containers }) => containers.flatMap(({ container, path }) =>
    Object.keys(LINUX_CONTAINER_FIELDS)
      .filter(field => isSet(container.securityContext?.[field]))
      .map(field => ({
        path: `${path}.securityContext.${field}`,
        message: `container '${container.name}' sets securityContext.${field}: ${JSON.stringify(container.securityContext[field])}`,
        remediation: LINUX_CONTAINER_FIELDS[field],
      }))),
};
