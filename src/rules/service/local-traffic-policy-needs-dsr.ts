import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { WIN_DSR_BETA_MINOR, WIN_DSR_GA_MINOR } from '../lib/releases';
import { HostProcessPods, Rule } from '../rule';

export const localTrafficPolicyNeedsDsr: Rule = {
  name: 'local-traffic-policy-needs-dsr',
  severity: Severity.WARNING,
  summary: 'A Service sets `externalTrafficPolicy: Local`.',
  why: 'On Windows, kube-proxy preserves the client source IP and routes only to local endpoints through Direct Server Return (Windows Server 2019 and newer): the docs list "Local traffic policy in non-DSR mode" as unsupported. The WinDSR feature gate was alpha and off until 1.32, beta and on in 1.33, and GA (always on) from 1.34; the in-tree Windows kube-proxy also programs DSR for `Local` Services by itself on hosts whose HNS supports it.',
  remediation: 'Before Kubernetes 1.33, run kube-proxy on the Windows nodes with `--feature-gates=WinDSR=true --enable-dsr=true`; from 1.33 `--enable-dsr=true` is enough (WinDSR is on). Or use `externalTrafficPolicy: Cluster`.',
  docsUrl: DOCS.loadBalancing,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Kubernetes < 1.33: warning (WinDSR alpha, off by default). 1.33 and newer: info (WinDSR on by default; GA and locked on from 1.34). Whether the nodes run kube-proxy with DSR is node configuration the manifests do not show.',
  sources: 'pkg/features/kube_features.go WinDSR (v1.27.16 … v1.37.2); pkg/proxy/winkernel/proxier.go newServiceInfo (v1.27.16, v1.37.2); kubernetes.io windows-networking #load-balancing-and-services and #limitations (1.27 and newest docs)',
  admission: {
    unsupported: 'A Service is judged only when it selects Windows pods, and those pods are in other objects (its workloads), which a policy on the Service cannot see.',
  },
  checkService: ({ object, profile }) => {
    if (object.spec.externalTrafficPolicy !== 'Local') return [];
    const message = `Service sets externalTrafficPolicy: "Local"${object.spec.type ? ` (type ${object.spec.type})` : ''}`;
    const minor = profile.kubernetesVersion.minor;
    if (minor < WIN_DSR_BETA_MINOR) {
      return [{ path: 'spec.externalTrafficPolicy', message: `${message}: on Kubernetes ${profile.kubernetesVersion} the Windows nodes need kube-proxy with --feature-gates=WinDSR=true --enable-dsr=true` }];
    }
    const gate = minor >= WIN_DSR_GA_MINOR ? 'WinDSR is GA' : 'WinDSR is on by default';
    return [{ path: 'spec.externalTrafficPolicy', severity: Severity.INFO, message: `${message}: ${gate} on Kubernetes ${profile.kubernetesVersion}; the Windows nodes need kube-proxy with --enable-dsr=true on Windows Server 2019 or newer` }];
  },
};
