import { Severity } from '../../model/finding';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule } from '../rule';

export const noClusterFirstWithHostNet: Rule = {
  name: 'no-cluster-first-with-host-net',
  severity: Severity.ERROR,
  summary: 'A pod sets `dnsPolicy: ClusterFirstWithHostNet`.',
  why: 'ClusterFirstWithHostNet only makes sense with host networking, which Windows pods do not have; Windows does not support this DNS policy.',
  remediation: 'Use `dnsPolicy: ClusterFirst` (the default) or `Default`.',
  docsUrl: DOCS.dnsWindows,
  hostProcessPods: HostProcessPods.SKIPPED,
  sources: 'kubernetes.io concepts/services-networking/dns-pod-service #dns-windows and kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!(has(${V.spec}.dnsPolicy) && ${V.spec}.dnsPolicy == 'ClusterFirstWithHostNet')`,
      messageExpression: "'pod sets dnsPolicy: \"ClusterFirstWithHostNet\"'",
    }],
  },
  checkPod: ({ pod }) => pod.spec.dnsPolicy === 'ClusterFirstWithHostNet'
    ? [{ path: `${pod.path}.dnsPolicy`, message: 'pod sets dnsPolicy: "ClusterFirstWithHostNet"' }]
    : [],
};
