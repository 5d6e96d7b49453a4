import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { DUAL_STACK_BETA_MINOR } from '../lib/releases';
import { HostProcessPods, Rule, Violation } from '../rule';

const DUAL_STACK_POLICIES = ['PreferDualStack', 'RequireDualStack'];

export const noIpv6SingleStack: Rule = {
  name: 'no-ipv6-single-stack',
  severity: Severity.ERROR,
  summary: 'A Service is IPv6 single-stack (`ipFamilies: [IPv6]`, IPv6 first with `SingleStack`, or an IPv6 `clusterIP` without families), or dual-stack on a Kubernetes without dual-stack Services. (The id is historical: from 1.21 an IPv6 single-family Service is supported in dual-stack clusters and is only an info.)',
  why: 'Windows nodes have IPv6 only as part of dual-stack on l2bridge networks (Windows Server 2019 and newer): an IPv6-only cluster network and IPv6 on overlay (VXLAN) networks are not supported, while single-family IPv4 or IPv6 Services in a dual-stack cluster are (the Windows kube-proxy supports single-stack IPv6). Dual-stack came with the IPv6DualStack feature: alpha and off by default until 1.20, beta and on from 1.21, GA in 1.23.',
  remediation: 'On Kubernetes 1.21+, make sure the Windows nodes run dual-stack on l2bridge networking; otherwise use IPv4 (the default) or dual-stack (`ipFamilyPolicy: PreferDualStack` with `ipFamilies: [IPv4, IPv6]`).',
  docsUrl: DOCS.dualStackWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'IPv6 single-family: error before Kubernetes 1.21, info from 1.21 (supported in dual-stack clusters on l2bridge). Dual-stack (two `ipFamilies` or a dual-stack `ipFamilyPolicy`): error when the target Kubernetes is older than 1.21 (IPv6DualStack alpha, off by default; the `ipFamilies`/`ipFamilyPolicy` fields date from 1.20).',
  sources: 'kubernetes.io concepts/services-networking/dual-stack #windows-support (1.27 and newest docs); cmd/kube-proxy/app/server_windows.go platformCheckSupported and pkg/proxy/winkernel/supported.go DualStackCompatible (v1.37.2)',
  admission: {
    unsupported: 'A Service is judged only when it selects Windows pods, and those pods are in other objects (its workloads), which a policy on the Service cannot see.',
  },
  checkService: ({ object, profile }) => {
    const spec = object.spec;
    const families: unknown[] | undefined = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : undefined;
    const policy = spec.ipFamilyPolicy;
    const violations: Violation[] = [];
    // From 1.21 an IPv6 single-family Service works in a dual-stack cluster: advice, not an error.
    const ipv6Severity = profile.kubernetesVersion.isAtLeast(DUAL_STACK_BETA_MINOR) ? { severity: Severity.INFO } : {};
    const ipv6Note = profile.kubernetesVersion.isAtLeast(DUAL_STACK_BETA_MINOR)
      ? ': Windows nodes serve it only in a dual-stack cluster on l2bridge networking (not on overlay, not in an IPv6-only cluster)'
      : `, and the target is Kubernetes ${profile.kubernetesVersion}, where Windows has no IPv6 Services (dual-stack came in 1.21)`;
    const dualStackPolicy = typeof policy === 'string' && DUAL_STACK_POLICIES.includes(policy);
    if (families && families[0] === 'IPv6' && (families.length === 1 || policy === 'SingleStack') && !dualStackPolicy) {
      violations.push({
        path: 'spec.ipFamilies',
        message: `Service sets ipFamilies: ${JSON.stringify(families)}${policy ? ` with ipFamilyPolicy: ${policy}` : ''}, which makes it IPv6 single-stack${ipv6Note}`,
        ...ipv6Severity,
      });
    } else if (!families && !dualStackPolicy) {
      const ips: unknown[] = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP];
      const first = ips[0];
      if (ips.length === 1 && typeof first === 'string' && first.includes(':')) {
        const field = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? 'clusterIPs' : 'clusterIP';
        violations.push({
          path: `spec.${field}`,
          message: `Service sets ${field}: ${JSON.stringify(field === 'clusterIPs' ? spec.clusterIPs : first)}, an IPv6 address, without IP families, which makes it IPv6 single-stack${ipv6Note}`,
          ...ipv6Severity,
        });
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
