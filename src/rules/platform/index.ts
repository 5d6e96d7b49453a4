import { eksWindowsNodeSelector } from './eks-windows-node-selector';
import { gkeHypervUnsupported } from './gke-hyperv-unsupported';
import { openshiftWindowsPodOs } from './openshift-windows-pod-os';
import { platformWindowsServerUnsupported } from './platform-windows-server-unsupported';
import { Rule } from '../rule';

/** What the platform the cluster runs on adds to upstream Kubernetes: its node pools, its admission. Each runs only for its platform. */
export const PLATFORM_RULES: readonly Rule[] = [
  platformWindowsServerUnsupported,
  eksWindowsNodeSelector,
  openshiftWindowsPodOs,
  gkeHypervUnsupported,
];
