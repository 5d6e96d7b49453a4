import { Severity } from '../../model/finding';
import { AKS_OS_SKU_LABEL, OS_LABELS, WINDOWS_BUILD_LABEL } from '../../model/windows';
import { celString, hasPath, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { OsClaim, osClaims } from '../lib/placement';
import { HostProcessPods, Rule, Violation } from '../rule';

export const osSelectorConflict: Rule = {
  name: 'os-selector-conflict',
  severity: Severity.ERROR,
  summary: 'The pod\'s `spec.os.name`, its `kubernetes.io/os` / `node.kubernetes.io/windows-build` node selector and its required node affinity name different operating systems.',
  why: 'The scheduler ignores `spec.os.name` and places the pod by its node selector and affinity alone, while the kubelet rejects a pod whose `spec.os.name` differs from the node OS (PodOSNotSupported) and the API server validates the pod against `spec.os.name`: a pod that names both Windows and Linux either never schedules or is rejected on the node. Only Windows nodes carry `node.kubernetes.io/windows-build`.',
  remediation: 'Make the placement say one OS: for Windows, `spec.os.name: windows` with `nodeSelector kubernetes.io/os: windows` (and `node.kubernetes.io/windows-build` for the image build); for Linux, remove the Windows selectors.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always on. Compared: `spec.os.name`, `nodeSelector` `kubernetes.io/os` / `beta.kubernetes.io/os` / `node.kubernetes.io/windows-build` (Windows), and per required node affinity term (terms are ORed, so terms are not compared with each other) single-value `In` on the OS labels and `In`/`Exists` on windows-build. Values other than `windows` and `linux` are not compared.',
  sources: 'pkg/kubelet/lifecycle/predicate.go Admit, rejectPodAdmissionBasedOnOSField (v1.37.2); kubernetes.io concepts/windows/user-guide (1.27 and newest docs: the scheduler ignores spec.os.name)',
  admission: {
    checks: () => {
      const s = V.spec;
      const os = "['windows', 'linux']";
      const selector = (label: string) => `(has(${s}.nodeSelector) && ${celString(label)} in ${s}.nodeSelector && ${s}.nodeSelector[${celString(label)}] in ${os} ? [${s}.nodeSelector[${celString(label)}]] : [])`;
      // The pod's claims in osClaims' order: spec.os.name, the OS labels, the windows-build label, the AKS OS SKU.
      const podClaims = [
        `(${hasPath(s, 'os.name')} && ${s}.os.name in ${os} ? [${s}.os.name] : [])`,
        ...OS_LABELS.map(selector),
        `(has(${s}.nodeSelector) && ${celString(WINDOWS_BUILD_LABEL)} in ${s}.nodeSelector ? ['windows'] : [])`,
        `(has(${s}.nodeSelector) && ${celString(AKS_OS_SKU_LABEL)} in ${s}.nodeSelector && ${s}.nodeSelector[${celString(AKS_OS_SKU_LABEL)}].lowerAscii().startsWith('windows') ? ['windows'] : [])`,
      ].join(' + ');
      const terms = `${s}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      const claimsOf = (t: string) => `(has(${t}.matchExpressions) ? ${t}.matchExpressions : []).filter(e, (e.key in [${OS_LABELS.map(celString).join(', ')}] && e.operator == 'In' && has(e.values) && size(e.values) == 1 && e.values[0] in ${os}) || (e.key == ${celString(WINDOWS_BUILD_LABEL)} && (e.operator == 'In' || e.operator == 'Exists'))).map(e, e.key == ${celString(WINDOWS_BUILD_LABEL)} ? 'windows' : e.values[0])`;
      const termConflict = `${terms}.exists(t, [${claimsOf('t')}].exists(l, size(l) > 0 && l.exists(o, o != (size(p) > 0 ? p[0] : l[0]))))`;
      const conflict = `(size(p) > 0 && p.exists(o, o != p[0])) || (${hasPath(s, 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms')} && ${termConflict})`;
      return [{
        expression: `[${podClaims}].all(p, !(${conflict}))`,
        messageExpression: "'the pod\\'s placement selects both Windows and Linux nodes (spec.os.name, the kubernetes.io/os, node.kubernetes.io/windows-build or kubernetes.azure.com/os-sku node selector, or a required node affinity term disagree)'",
      }];
    },
  },
  checkPod: ({ pod }) => {
    const claims = osClaims(pod);
    const conflict = (claim: OsClaim, reference: OsClaim): Violation => ({
      path: claim.path,
      message: `pod sets ${claim.source}, which selects ${claim.os === 'windows' ? 'Windows' : 'Linux'} nodes, but also ${reference.source}`,
    });
    const violations: Violation[] = [];
    const podReference = claims.pod[0];
    for (const claim of claims.pod.slice(1)) if (claim.os !== podReference.os) violations.push(conflict(claim, podReference));
    for (const term of claims.terms) {
      const reference = podReference ?? term[0];
      for (const claim of term) if (claim !== reference && claim.os !== reference.os) violations.push(conflict(claim, reference));
    }
    return violations;
  },
};
