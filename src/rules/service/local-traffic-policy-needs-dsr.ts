import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { Rule } from '../rule';

export const localTrafficPolicyNeedsDsr: Rule = {
  name: 'local-traffic-policy-needs-dsr',
  severity: Severity.WARNING,
  summary: 'A Service sets `externalTrafficPolicy: Local`.',
  why: 'On Windows, kube-proxy preserves the client source IP and routes only to local endpoints through Direct Server Return: `externalTrafficPolicy: Local` works only when kube-proxy runs with `--enable-dsr=true` and the WinDSR feature gate (alpha since 1.14); the seed release did not support it at all.',
  remediation: 'Run kube-proxy on the Windows nodes with `--feature-gates=WinDSR=true --enable-dsr=true` (Windows Server 2019 and newer), or use `externalTrafficPolicy: Cluster`.',
  docsUrl: DOCS.networking,
  specSection: '5',
  gating: 'Always a warning: whether the Windows nodes run kube-proxy with DSR is node configuration the manifests do not show.',
  checkService: ({ object }) => object.spec.externalTrafficPolicy === 'Local'
    ? [{ path: 'spec.externalTrafficPolicy', message: `Service sets externalTrafficPolicy: "Local"${object.spec.type ? ` (type ${object.spec.type})` : ''}` }]
    : [],
};
