import { imageNeedsAdministrator } from './image-needs-administrator';
import { invalidGmsa } from './invalid-gmsa';
import { invalidRunAsUserName } from './invalid-run-as-user-name';
import { memoryLimitRequired } from './memory-limit-required';
import { memoryRequestEqualsLimit } from './memory-request-equals-limit';
import { noHugepages } from './no-hugepages';
import { noLinuxSecurityContext } from './no-linux-security-context';
import { noMountPropagation } from './no-mount-propagation';
import { noPrivileged } from './no-privileged';
import { runAsNonRootConflict } from './run-as-non-root-conflict';
import { runAsNonRootNeedsUsername } from './run-as-non-root-needs-username';
import { stopSignal } from './stop-signal';
import { subpathMount } from './subpath-mount';
import { terminationMessagePath } from './termination-message-path';
import { Rule } from '../rule';

/** Section 3 of the specification: container-level fields, for containers, init and ephemeral containers. */
export const CONTAINER_RULES: readonly Rule[] = [
  noPrivileged,
  noLinuxSecurityContext,
  runAsNonRootNeedsUsername,
  runAsNonRootConflict,
  invalidRunAsUserName,
  invalidGmsa,
  noHugepages,
  memoryLimitRequired,
  memoryRequestEqualsLimit,
  terminationMessagePath,
  noMountPropagation,
  subpathMount,
  stopSignal,
  imageNeedsAdministrator,
];
