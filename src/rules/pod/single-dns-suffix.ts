import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule, Violation } from '../rule';

export const singleDnsSuffix: Rule = {
  name: 'single-dns-suffix',
  severity: Severity.WARNING,
  summary: 'A pod sets more than one `dnsConfig.searches` entry, or any `dnsConfig.options`.',
  why: 'The Windows DNS client honours a single DNS suffix (the pod namespace\'s) and no resolver options such as ndots, so extra search domains and options are ignored.',
  remediation: 'Keep at most one search domain and no options; use fully qualified names (`svc.namespace.svc.cluster.local`) for other namespaces.',
  docsUrl: DOCS.dnsWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/services-networking/dns-pod-service #dns-windows (1.27 and newest docs) (one DNS suffix); the resolver options part is from the upstream Windows support overview of Kubernetes 1.14/1.15',
  checkPod: ({ pod }) => {
    const dnsConfig = pod.spec.dnsConfig;
    const violations: Violation[] = [];
    if (Array.isArray(dnsConfig?.searches) && dnsConfig.searches.length > 1) {
      violations.push({
        path: `${pod.path}.dnsConfig.searches`,
        message: `pod sets ${dnsConfig.searches.length} dnsConfig.searches: ${JSON.stringify(dnsConfig.searches)}`,
      });
    }
    if (Array.isArray(dnsConfig?.options) && dnsConfig.options.length > 0) {
      violations.push({
        path: `${pod.path}.dnsConfig.options`,
        message: `pod sets dnsConfig.options: ${JSON.stringify(dnsConfig.options)}`,
      });
    }
    return violations;
  },
};
