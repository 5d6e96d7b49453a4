import { Severity } from '../../model/finding';
import { WindowsServerVersion } from '../../model/profile';
import { DOCS } from '../lib/docs';
import { Rule } from '../rule';

export const sessionAffinityNeeds2022: Rule = {
  name: 'session-affinity-needs-2022',
  severity: Severity.ERROR,
  summary: 'A Service sets `sessionAffinity: ClientIP` for Windows nodes older than Windows Server 2022 (or not pinned).',
  why: 'Client IP session affinity on Windows needs kube-proxy support that Windows Server 2022 (and newer) provides; Windows Server 2019 nodes do not keep a client on one endpoint.',
  remediation: 'Target Windows Server 2022 or newer nodes (`windowsServerVersion: WindowsServerVersion.WS2022`), or remove `sessionAffinity` and keep session state outside the pods.',
  docsUrl: DOCS.networking,
  specSection: '5',
  gating: 'Windows Server 2019 target: error. Windows Server version not pinned: warning. Windows Server 2022 or 2025: no finding.',
  checkService: ({ object, profile }) => {
    if (object.spec.sessionAffinity !== 'ClientIP') return [];
    const version = profile.windowsServerVersion;
    if (version?.year === WindowsServerVersion.WS2019.year) {
      return [{ path: 'spec.sessionAffinity', message: `Service sets sessionAffinity: "ClientIP", but the target is ${version}` }];
    }
    if (version === undefined) {
      return [{ path: 'spec.sessionAffinity', severity: Severity.WARNING, message: 'Service sets sessionAffinity: "ClientIP" and the Windows Server version is not pinned: it needs Windows Server 2022 or newer nodes' }];
    }
    return [];
  },
};
