import { Severity } from '../../model/finding';
import { POD_SECURITY_DEFAULT_ON_MINOR, workloadNamespace } from '../lib/admission';
import { DOCS } from '../lib/docs';
import { describeLevelVersion, effectiveMinor, evaluatePod, LevelVersion, namespacePolicy, PodSecurityFailure } from '../lib/pod-security';
import { HostProcessPods, Rule } from '../rule';

export const podSecurityWarn: Rule = {
  name: 'pod-security-warn',
  severity: Severity.WARNING,
  summary: 'A Windows pod fails a check of the Pod Security level its namespace warns or audits at (`pod-security.kubernetes.io/warn`, `audit`), but not of the enforced level.',
  why: 'Pod Security Admission admits the pod but returns a warning to the client (warn) or records the violation in the audit log (audit): the namespace\'s owners are preparing to enforce that level, and the pod will be refused when they do.',
  remediation: 'Change what the named check refuses (see pod-security-enforce for each check\'s fix), so the workload keeps running when the namespace enforces that level.',
  docsUrl: DOCS.podSecurityAdmission,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'k8s.io/pod-security-admission api/helpers.go PolicyToEvaluate (warn defaults to a stricter enforce level), admission/admission.go ValidatePodController (workload pod templates are evaluated for warn and audit only, enforce=false) and EvaluatePod, policy/check_*.go (v0.27.16, v0.37.2); kubernetes.io concepts/security/pod-security-admission (1.27 and newest docs)',
  gating: `Kubernetes 1.${POD_SECURITY_DEFAULT_ON_MINOR} and newer. A check the enforced level already fails is reported by pod-security-enforce only.`,
  admission: {
    unsupported: 'It needs the Pod Security labels of the pod\'s Namespace, another object; in the cluster the API server\'s own Pod Security admission applies them.',
  },
  checkPod: ({ object, pod, profile, objects }) => {
    if (!profile.kubernetesVersion.isAtLeast(POD_SECURITY_DEFAULT_ON_MINOR)) return [];
    const policy = namespacePolicy(workloadNamespace(object), objects, profile);
    if (!policy) return [];
    const fails = (lv: LevelVersion) => evaluatePod(pod, lv.level, effectiveMinor(lv.version, profile));
    const enforced = new Set(fails(policy.enforce).map(f => f.check));
    const byCheck = new Map<string, { failure: PodSecurityFailure; modes: string[] }>();
    for (const [mode, lv] of [['warns', policy.warn], ['audits', policy.audit]] as const) {
      for (const failure of fails(lv)) {
        if (enforced.has(failure.check)) continue;
        const entry = byCheck.get(failure.check) ?? { failure, modes: [] };
        entry.modes.push(`${mode} at ${describeLevelVersion(lv, profile)}`);
        byCheck.set(failure.check, entry);
      }
    }
    return [...byCheck.values()].map(({ failure, modes }) => ({
      path: failure.path,
      message: `${policy.source} ${modes.join(' and ')}: ${modes.some(m => m.startsWith('warns')) ? 'applying this object prints a warning' : 'the API server records an audit annotation'} for check ${failure.check} (${failure.reason}: ${failure.detail})`,
      remediation: `${failure.fix[0].toUpperCase()}${failure.fix.slice(1)}.`,
    }));
  },
};
