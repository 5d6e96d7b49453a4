import { Severity } from '../../model/finding';
import { hasPath, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule, Violation } from '../rule';

/**
 * Why several search domains are only an info: the docs promise one suffix, but the kubelet
 * passes the whole list to the runtime on Windows too, and whether it reaches the pod's network
 * endpoint is up to the CNI plugin.
 */
const SEARCHES_WHY = 'The Kubernetes docs promise Windows pods one DNS suffix (their namespace\'s), but whether more are used depends on the network plugin: the kubelet passes the whole search list to the container runtime on Windows as on Linux, CNI plugins that program the `dns` capability set it on the pod\'s network endpoint (users have seen several suffixes in use), and others keep only the first entry or ignore dnsConfig.';

export const singleDnsSuffix: Rule = {
  name: 'single-dns-suffix',
  severity: Severity.WARNING,
  summary: 'A pod sets any `dnsConfig.options` (a warning), or more than one `dnsConfig.searches` entry (an info).',
  why: 'The Windows DNS client takes no resolver options such as ndots: it treats every name with a dot as fully qualified. The docs promise one DNS suffix (the namespace\'s); whether more search domains are used depends on the network plugin.',
  remediation: 'Use no options. Keep to one search domain where you can, and use fully qualified names (`svc.namespace.svc.cluster.local`) for other namespaces.',
  docsUrl: DOCS.dnsWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: '`dnsConfig.options`: a warning. More than one `dnsConfig.searches` entry: an info, not a warning: the kubelet passes the whole list on Windows (`pkg/kubelet/network/dns`), and CNI plugins with the `dns` capability program it on the endpoint; whether several suffixes are used depends on the network plugin, which the manifest does not say.',
  sources: 'kubernetes.io concepts/services-networking/dns-pod-service #dns-windows (1.27 and newest docs) (one DNS suffix; names with a dot are fully qualified); pkg/kubelet/network/dns/dns.go and dns_windows.go (v1.37.2: the search list is built the same way on Windows, host suffixes from the registry SearchList); kubernetes/kubernetes#65016, Azure/azure-container-networking#206, containernetworking/plugins#229, aws/amazon-vpc-cni-plugins#108 (suffix lists in Windows pods, by plugin)',
  admission: {
    checks: () => [
      {
        expression: `!(${hasPath(V.spec, 'dnsConfig.searches')} && size(${V.spec}.dnsConfig.searches) > 1)`,
        severity: Severity.INFO,
        messageExpression: `'pod sets ' + string(size(${V.spec}.dnsConfig.searches)) + ' dnsConfig.searches: ' + ${V.spec}.dnsConfig.searches.join(', ')`,
      },
      {
        expression: `!(${hasPath(V.spec, 'dnsConfig.options')} && size(${V.spec}.dnsConfig.options) > 0)`,
        messageExpression: `'pod sets dnsConfig.options: ' + ${V.spec}.dnsConfig.options.map(o, o.name).join(', ') + '; the Windows DNS client takes no resolver options such as ndots'`,
      },
    ],
  },
  checkPod: ({ pod }) => {
    const dnsConfig = pod.spec.dnsConfig;
    const violations: Violation[] = [];
    if (Array.isArray(dnsConfig?.searches) && dnsConfig.searches.length > 1) {
      violations.push({
        path: `${pod.path}.dnsConfig.searches`,
        severity: Severity.INFO,
        message: `pod sets ${dnsConfig.searches.length} dnsConfig.searches: ${JSON.stringify(dnsConfig.searches)}`,
        why: SEARCHES_WHY,
        remediation: 'Check that short names resolve with your network plugin, or use fully qualified names (`svc.namespace.svc.cluster.local`).',
      });
    }
    if (Array.isArray(dnsConfig?.options) && dnsConfig.options.length > 0) {
      violations.push({
        path: `${pod.path}.dnsConfig.options`,
        message: `pod sets dnsConfig.options: ${JSON.stringify(dnsConfig.options)}`,
        why: 'The Windows DNS client takes no resolver options such as ndots: it treats every name with a dot as fully qualified.',
        remediation: 'Remove `dnsConfig.options`; use fully qualified names where a short name would need ndots.',
      });
    }
    return violations;
  },
};
