import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../rule';

/** Container securityContext fields the API server forbids for Windows pods (besides `privileged`). */
const LINUX_CONTAINER_FIELDS = [
  'allowPrivilegeEscalation', 'capabilities', 'procMount', 'readOnlyRootFilesystem',
  'runAsUser', 'runAsGroup', 'seLinuxOptions', 'seccompProfile', 'appArmorProfile',
];

export const noLinuxSecurityContext: Rule = {
  name: 'no-linux-security-context',
  severity: Severity.ERROR,
  summary: 'A container sets a Linux-only `securityContext` field: ' + LINUX_CONTAINER_FIELDS.map(f => `\`${f}\``).join(', ') + '.',
  why: 'Windows has no POSIX capabilities, SELinux, AppArmor, seccomp, UIDs/GIDs or /proc, and a read-only root filesystem breaks the container registry hive; the API server rejects each of these fields for Windows pods when set at all.',
  remediation: 'Remove the field. Choose the Windows user with `windowsOptions.runAsUserName` (e.g. `ContainerUser`) instead of runAsUser/runAsGroup.',
  docsUrl: DOCS.containers,
  specSection: '3',
  hostProcessPods: HostProcessPods.CHECKED,
  apiServer: ApiServerEnforcement.WINDOWS_PODS,
  sources: 'pkg/apis/core/validation/validation.go validateWindows, container loop (v1.27.16, v1.37.2; appArmorProfile from 1.30); kubernetes.io concepts/windows/intro #compatibility-v1-pod-spec-containers (1.27 and newest docs)',
  checkPod: ({ containers }) => containers.flatMap(({ container, path }) =>
    LINUX_CONTAINER_FIELDS
      .filter(field => isSet(container.securityContext?.[field]))
      .map(field => ({
        path: `${path}.securityContext.${field}`,
        message: `container '${container.name}' sets securityContext.${field}: ${JSON.stringify(container.securityContext[field])}`,
      }))),
};
