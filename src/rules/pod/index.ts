import { noBlockVolumes } from './no-block-volumes';
import { noClusterFirstWithHostNet } from './no-cluster-first-with-host-net';
import { noHostNamespaces } from './no-host-namespaces';
import { noHostNetwork } from './no-host-network';
import { noHostUsers } from './no-host-users';
import { noLinuxPodSecurityContext } from './no-linux-pod-security-context';
import { noPodLevelResources } from './no-pod-level-resources';
import { noShareProcessNamespace } from './no-share-process-namespace';
import { singleDnsSuffix } from './single-dns-suffix';
import { terminationGracePeriod } from './termination-grace-period';
import { windowsServerVersionUnlisted } from './windows-server-version-unlisted';
import { Rule } from '../rule';

/** Pod-level fields and the pod security context (docs/WINDOWS-FACTS.md, Pod fields). */
export const POD_RULES: readonly Rule[] = [
  noHostNetwork,
  noHostNamespaces,
  noShareProcessNamespace,
  noHostUsers,
  noClusterFirstWithHostNet,
  singleDnsSuffix,
  terminationGracePeriod,
  noLinuxPodSecurityContext,
  noBlockVolumes,
  noPodLevelResources,
  windowsServerVersionUnlisted,
];
