import { hostProcessAllContainers } from './host-process-all-containers';
import { hostProcessContainerAccount } from './host-process-container-account';
import { hostProcessFlagMismatch } from './host-process-flag-mismatch';
import { hostProcessHostNetwork } from './host-process-host-network';
import { hostProcessHyperV } from './host-process-hyperv';
import { hostProcessRunAsNonRoot } from './host-process-run-as-non-root';
import { hostProcessUnsupportedTarget } from './host-process-unsupported-target';
import { hypervAnnotationIgnored } from './hyperv-annotation-ignored';
import { hypervSingleContainer } from './hyperv-single-container';
import { Rule } from '../rule';

/** Isolation and privileged work: HostProcess, Hyper-V (docs/WINDOWS-FACTS.md, Isolation). */
export const ISOLATION_RULES: readonly Rule[] = [
  hostProcessFlagMismatch,
  hostProcessAllContainers,
  hostProcessHostNetwork,
  hostProcessRunAsNonRoot,
  hostProcessUnsupportedTarget,
  hostProcessHyperV,
  hostProcessContainerAccount,
  hypervSingleContainer,
  hypervAnnotationIgnored,
];
