import { Severity } from '../../model/finding';
import { POD_SECURITY_DEFAULT_ON_MINOR, refusalOf, workloadNamespace } from '../lib/admission';
import { DOCS } from '../lib/docs';
import { describeLevelVersion, effectiveMinor, evaluatePod, namespacePolicy } from '../lib/pod-security';
import { HostProcessPods, Rule } from '../rule';

export const podSecurityEnforce: Rule = {
  name: 'pod-security-enforce',
  severity: Severity.ERROR,
  summary: 'A Windows pod fails a check of the Pod Security level its namespace enforces (`pod-security.kubernetes.io/enforce`, at its `enforce-version`).',
  why: 'Pod Security Admission refuses a pod that fails a check of the enforced level; for a Deployment, StatefulSet, DaemonSet, Job or CronJob the object is accepted and every pod its controller creates is refused, so the workload never runs. Windows pods fail restricted whenever they run as ContainerAdministrator (runAsNonRoot is required), and fail it on allowPrivilegeEscalation, capabilities and seccomp before policy v1.25 or without spec.os.name: windows; baseline forbids HostProcess pods.',
  remediation: 'Change what the named check refuses, or the namespace\'s level: HostProcess pods need a privileged namespace; images that need ContainerAdministrator (IIS, ASP.NET, WCF) need a baseline namespace or an image that runs as ContainerUser; set spec.os.name: windows and an enforce-version of v1.25 or newer (or latest).',
  docsUrl: DOCS.podSecurityStandards,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'k8s.io/pod-security-admission policy/check_windowsHostProcess.go, check_privileged.go, check_hostNamespaces.go, check_hostPathVolumes.go, check_hostPorts.go, check_capabilities_baseline.go, check_hostProbesAndhostLifecycle.go, check_allowPrivilegeEscalation.go (allowPrivilegeEscalation_1_25), check_capabilities_restricted.go (capabilitiesRestricted_1_25), check_seccompProfile_restricted.go (seccompProfileRestricted_1_25), check_runAsNonRoot.go, check_runAsUser.go, check_restrictedVolumes.go, registry.go EvaluatePod, api/helpers.go PolicyToEvaluate, admission/admission.go ValidatePodController (a workload object is not refused: enforce applies to its pods) (v0.27.16, v0.37.2); pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2: capabilities, seccompProfile and allowPrivilegeEscalation cannot be set for a windows pod); pkg/apis/core/v1/defaults.go defaultHostNetworkPorts (v1.27.16, v1.37.2: the container ports of a host-network pod become hostPorts before admission); kubernetes.io concepts/security/pod-security-standards and pod-security-admission (1.27 and newest docs)',
  gating: `Kubernetes 1.${POD_SECURITY_DEFAULT_ON_MINOR} and newer (the PodSecurity admission plugin is on by default). The namespace's labels come from a Namespace object of the same input, else the target's podSecurity (the CLI's --namespace-labels); a namespace with neither is privileged. The policy version latest is the target's Kubernetes minor.`,
  admission: {
    unsupported: 'It needs the Pod Security labels of the pod\'s Namespace, another object; in the cluster the API server\'s own Pod Security admission applies them.',
  },
  checkPod: ({ object, pod, profile, objects }) => {
    if (!profile.kubernetesVersion.isAtLeast(POD_SECURITY_DEFAULT_ON_MINOR)) return [];
    const policy = namespacePolicy(workloadNamespace(object), objects, profile);
    if (!policy) return [];
    const failures = evaluatePod(pod, policy.enforce.level, effectiveMinor(policy.enforce.version, profile));
    return failures.map(failure => ({
      path: failure.path,
      message: `${policy.source} enforces Pod Security ${describeLevelVersion(policy.enforce, profile)}: ${refusalOf(object)}, failing check ${failure.check} (${failure.reason}: ${failure.detail})`,
      remediation: `${failure.fix[0].toUpperCase()}${failure.fix.slice(1)}.`,
    }));
  },
};
