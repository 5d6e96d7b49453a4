import { Severity } from '../../model/finding';
import { WindowsServerVersion } from '../../model/profile';
import { DOCS } from '../lib/docs';
import { WINDOWS_SERVER_2019_UNLISTED_MINOR } from '../lib/releases';
import { HostProcessPods, Rule } from '../rule';

export const sessionAffinityNeeds2022: Rule = {
  name: 'session-affinity-needs-2022',
  severity: Severity.ERROR,
  summary: 'A Service sets `sessionAffinity: ClientIP` for Windows nodes older than Windows Server 2022 (or not pinned).',
  why: 'Client IP session affinity on Windows needs kube-proxy support that Windows Server 2022 (and newer) provides; Windows Server 2019 nodes do not keep a client on one endpoint.',
  remediation: 'Target Windows Server 2022 or newer nodes (`windowsServerVersion: WindowsServerVersion.WS2022`), or remove `sessionAffinity` and keep session state outside the pods.',
  docsUrl: DOCS.loadBalancing,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Windows Server 2019 target: error. Windows Server version not pinned: warning before Kubernetes 1.35, no finding from 1.35 (the docs of those releases list only Windows Server 2022 and 2025 hosts). Windows Server 2022 or 2025: no finding.',
  sources: 'kubernetes.io windows-networking #load-balancing-and-services (1.27 and newest docs: session affinity needs Windows Server 2022); pkg/proxy/winkernel/proxier.go syncProxyRules (v1.27.16, v1.37.2); kubernetes.io concepts/windows/intro (newest docs: Windows Server 2022 and 2025 hosts)',
  admission: {
    unsupported: 'A Service is judged only when it selects Windows pods, and those pods are in other objects (its workloads), which a policy on the Service cannot see.',
  },
  checkService: ({ object, profile }) => {
    if (object.spec.sessionAffinity !== 'ClientIP') return [];
    const version = profile.windowsServerVersion;
    if (version?.year === WindowsServerVersion.WS2019.year) {
      return [{ path: 'spec.sessionAffinity', message: `Service sets sessionAffinity: "ClientIP", but the target is ${version}` }];
    }
    if (version === undefined && !profile.kubernetesVersion.isAtLeast(WINDOWS_SERVER_2019_UNLISTED_MINOR)) {
      return [{ path: 'spec.sessionAffinity', severity: Severity.WARNING, message: 'Service sets sessionAffinity: "ClientIP" and the Windows Server version is not pinned: it needs Windows Server 2022 or newer nodes' }];
    }
    return [];
  },
};
