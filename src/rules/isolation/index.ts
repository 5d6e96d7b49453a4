import { hostProcessConsistency } from './host-process-consistency';
import { hypervSingleContainer } from './hyperv-single-container';
import { Rule } from '../rule';

/** Section 6 of the specification: isolation and privileged work (HostProcess, Hyper-V). */
export const ISOLATION_RULES: readonly Rule[] = [
  hostProcessConsistency,
  hypervSingleContainer,
];
