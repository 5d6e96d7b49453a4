import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { Rule, Violation } from '../rule';

/** Dual-stack Services: the IPv6DualStack gate is beta (on by default) from 1.21, GA in 1.23. */
const DUAL_STACK_BETA_MINOR = 21;
const DUAL_STACK_POLICIES = ['PreferDualStack', 'RequireDualStack'];

export const noIpv6SingleStack: Rule = {
  name: 'no-ipv6-single-stack',
  severity: Severity.ERROR,
  summary: 'A Service is IPv6 single-stack (`ipFamilies: [IPv6]`, IPv6 first with `SingleStack`, or an IPv6 `clusterIP` without families), or dual-stack on a Kubernetes without dual-stack Services.',
  why: 'Windows pods and kube-proxy have no IPv6-only networking: IPv6 works only as part of dual-stack on l2bridge networks (Windows Server 2019 and newer; not on overlay). Dual-stack Services (`ipFamilies`, `ipFamilyPolicy`) came with the IPv6DualStack feature: alpha and off by default until 1.20, beta and on from 1.21, GA in 1.23.',
  remediation: 'Use IPv4 (the default), or dual-stack (`ipFamilyPolicy: PreferDualStack` with `ipFamilies: [IPv4, IPv6]`) on Kubernetes 1.21+ with l2bridge networking.',
  docsUrl: DOCS.networking,
  specSection: '5',
  gating: 'IPv6 single-stack: error on every version. Dual-stack (two `ipFamilies` or a dual-stack `ipFamilyPolicy`): error when the target Kubernetes is older than 1.21 (IPv6DualStack alpha, off by default; the `ipFamilies`/`ipFamilyPolicy` fields date from 1.20).',
  checkService: ({ object, profile }) => {
    const spec = object.spec;
    const families: unknown[] | undefined = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : undefined;
    const policy = spec.ipFamilyPolicy;
    const violations: Violation[] = [];
    const dualStackPolicy = typeof policy === 'string' && DUAL_STACK_POLICIES.includes(policy);
    if (families && families[0] === 'IPv6' && (families.length === 1 || policy === 'SingleStack') && !dualStackPolicy) {
      violations.push({
        path: 'spec.ipFamilies',
        message: `Service sets ipFamilies: ${JSON.stringify(families)}${policy ? ` with ipFamilyPolicy: ${policy}` : ''}, which makes it IPv6 single-stack`,
      });
    } else if (!families && !dualStackPolicy) {
      const ips: unknown[] = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP];
      const first = ips[0];
      if (ips.length === 1 && typeof first === 'string' && first.includes(':')) {
        const field = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? 'clusterIPs' : 'clusterIP';
        violations.push({ path: `spec.${field}`, message: `Service sets ${field}: ${JSON.stringify(field === 'clusterIPs' ? spec.clusterIPs : first)}, an IPv6 address, without IP families, which makes it IPv6 single-stack` });
      }
    }
    const dualStack = dualStackPolicy || (families !== undefined && families.length > 1);
    if (dualStack && !profile.kubernetesVersion.isAtLeast(DUAL_STACK_BETA_MINOR)) {
      const viaPolicy = dualStackPolicy;
      violations.push({
        path: viaPolicy ? 'spec.ipFamilyPolicy' : 'spec.ipFamilies',
        message: `Service is dual-stack (${viaPolicy ? `ipFamilyPolicy: ${policy}` : `ipFamilies: ${JSON.stringify(families)}`}), but the target is Kubernetes ${profile.kubernetesVersion}: dual-stack Services need 1.21 or newer (IPv6DualStack beta, on by default; GA in 1.23)`,
      });
    }
    return violations;
  },
};
