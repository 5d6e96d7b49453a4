import { Severity } from '../../model/finding';
import { Platform } from '../../model/platform';
import { POD_OS_FIELD_GA_MINOR } from '../../model/windows';
import { celString, hasPath, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule } from '../rule';

/** What the SCC admission does to a pod without `spec.os.name: windows` (for the messages). */
const SCC_LINUX = 'OpenShift\'s SCC admission takes it for a Linux pod and defaults runAsNonRoot: true';

export const openshiftWindowsPodOs: Rule = {
  name: 'openshift-windows-pod-os',
  severity: Severity.ERROR,
  summary: 'On OpenShift, a Windows pod does not set `spec.os.name: windows`.',
  why: 'OpenShift\'s security context constraints (SCC) admission tells Windows pods from Linux pods by `spec.os.name` alone: a pod without it is admitted as a Linux pod and gets the Linux defaults of its SCC, among them `runAsNonRoot: true`. A Windows container that runs as ContainerAdministrator (the default user of the Server Core images, and what IIS, ASP.NET and WCF need) then fails to start (CreateContainerConfigError). With `spec.os.name: windows` the SCC admission leaves the pod\'s security context alone.',
  remediation: 'Set `spec.os.name: windows` in the pod (template) spec. The library\'s Windows constructs write it for Kubernetes 1.25 and newer.',
  docsUrl: DOCS.openshiftWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: `Platform OpenShift, Kubernetes 1.${POD_OS_FIELD_GA_MINOR} and newer (spec.os GA; OpenShift 4.12 and newer). OpenShift 4.11 (Kubernetes 1.24, spec.os beta) is not judged.`,
  sources: 'openshift/windows-machine-config-operator#1422 (the SCC admission plugin defaults runAsNonRoot to true on a Windows pod without the OS field, after openshift/kubernetes#1290; with spec.os it does not validate Windows pods, openshift/apiserver-library-go#82) and README.md "Running Windows workloads" (set the OS field: OpenShift uses it to enforce OS-specific pod security); openshift/openshift-docs#51376 (a ContainerAdministrator Windows deployment in CreateContainerConfigError); kubernetes/enhancements#2802 (spec.os: alpha 1.23, beta 1.24, GA 1.25)',
  admission: {
    checks: profile => {
      if (profile.platform !== Platform.OPENSHIFT || !profile.kubernetesVersion.isAtLeast(POD_OS_FIELD_GA_MINOR)) return [];
      const os = `${V.spec}.os.name`;
      return [{
        expression: `${hasPath(V.spec, 'os.name')} && ${os} == 'windows'`,
        messageExpression: `${hasPath(V.spec, 'os.name')} ? ${celString('the Windows pod sets spec.os.name: "')} + ${os} + ${celString(`", so ${SCC_LINUX}`)} : ${celString(`the Windows pod does not set spec.os.name: windows, so ${SCC_LINUX} (a container running as ContainerAdministrator then fails to start)`)}`,
      }];
    },
  },
  checkPod: ({ pod, profile }) => {
    if (profile.platform !== Platform.OPENSHIFT || !profile.kubernetesVersion.isAtLeast(POD_OS_FIELD_GA_MINOR)) return [];
    const os = pod.spec.os?.name;
    if (os === 'windows') return [];
    return [{
      path: `${pod.path}.os`,
      message: os === undefined
        ? `the Windows pod does not set spec.os.name: windows, so ${SCC_LINUX} (a container running as ContainerAdministrator then fails to start)`
        : `the Windows pod sets spec.os.name: ${JSON.stringify(os)}, so ${SCC_LINUX}`,
    }];
  },
};
