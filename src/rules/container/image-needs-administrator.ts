import { Severity } from '../../model/finding';
import { ADMINISTRATOR_IMAGE_REFERENCE, needsContainerAdministrator } from '../../model/images';
import { CONTAINER_ADMINISTRATOR, isContainerAdministrator } from '../../model/windows';
import { celContainer, celEach, celString, CONTAINERS, effectiveIsSet, effectiveValue, SPEC } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, effectiveField, show } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

export const imageNeedsAdministrator: Rule = {
  name: 'image-needs-administrator',
  severity: Severity.WARNING,
  summary: 'A container runs an IIS, ASP.NET or WCF image (mcr.microsoft.com/windows/servercore/iis, mcr.microsoft.com/dotnet/framework/aspnet or wcf) as a user other than ContainerAdministrator.',
  why: 'These images start through IIS ServiceMonitor, which must stop and query the w3svc service: as ContainerUser (or any non-administrator) it exits with "Failed to stop or query status of service \'w3svc\' error [80070005]" and the pod crash-loops (microsoft/IIS.ServiceMonitor#77).',
  remediation: 'Run this container, not the whole pod, as `ContainerAdministrator`: its own `securityContext.windowsOptions.runAsUserName` (on the Windows workloads the container\'s `runAsUserName`, `WindowsContainerProps`), with no `runAsNonRoot: true` for it; the other containers keep the pod\'s account. The Windows workloads do so by default unless the pod\'s `runAsUserName` or an `ensureNonRoot: true` is set. Or build an image that does not start through ServiceMonitor.',
  docsUrl: DOCS.runAsUserName,
  hostProcessPods: HostProcessPods.SKIPPED,
  gating: 'A non-administrator `runAsUserName` (the container\'s own, else the pod\'s): warning. `ContainerAdministrator` set explicitly: info, saying why (the Windows workloads choose it for these images). Unset: no finding, the images\' default user is ContainerAdministrator. Images built on these cannot be recognised.',
  sources: 'microsoft/IIS.ServiceMonitor#77; the IIS and ASP.NET images\' default user ContainerAdministrator; pkg/kubelet/kuberuntime/security_context_windows.go verifyRunAsNonRoot (v1.27.16, v1.37.2)',
  admission: {
    checks: () => {
      const user = effectiveValue(SPEC, 'c', 'windowsOptions.runAsUserName');
      const administratorImage = `has(c.image) && c.image.trim().lowerAscii().matches(${celString(ADMINISTRATOR_IMAGE_REFERENCE.source)})`;
      const runsAs = `${administratorImage} && ${effectiveIsSet(SPEC, 'c', 'windowsOptions.runAsUserName')}`;
      const administrator = `${user}.lowerAscii() == ${celString(CONTAINER_ADMINISTRATOR.toLowerCase())}`;
      const check = (fails: string, why: string, severity: Severity) => ({
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: `${celEach(CONTAINERS, 'c', fails, `${celContainer('c')} + ' runs ' + c.image + ' as ' + ${user}`)} + ${celString(why)}`,
        severity,
      });
      return [
        check(`${runsAs} && !(${administrator})`, '; its ServiceMonitor cannot control w3svc as a non-administrator and exits, so the pod crash-loops', Severity.WARNING),
        check(`${runsAs} && ${administrator}`, ', which its ServiceMonitor needs to control w3svc', Severity.INFO),
      ];
    },
  },
  checkPod: ({ pod, containers }) => containers.flatMap((location): Violation[] => {
    const image = location.container.image;
    if (typeof image !== 'string' || !needsContainerAdministrator(image)) return [];
    const user = effectiveField(pod, location, ['windowsOptions', 'runAsUserName']);
    if (!user || typeof user.value !== 'string') return [];
    if (isContainerAdministrator(user.value)) {
      return [{ path: user.path, severity: Severity.INFO, message: `${containerLabel(location)} runs ${JSON.stringify(image)} as ContainerAdministrator, which its ServiceMonitor needs to control w3svc` }];
    }
    return [{ path: user.path, message: `${containerLabel(location)} runs ${JSON.stringify(image)} as ${show(user.value)}${user.fromPod ? ' (the pod\'s runAsUserName)' : ''}; its ServiceMonitor cannot control w3svc as a non-administrator and exits, so the pod crash-loops` }];
  }),
};
