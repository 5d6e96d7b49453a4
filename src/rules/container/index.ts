import { noLinuxSecurityContext } from './no-linux-security-context';
import { noPrivileged } from './no-privileged';
import { Rule } from '../rule';

/** Section 3 of the specification: container-level fields. */
export const CONTAINER_RULES: readonly Rule[] = [
  noPrivileged,
  noLinuxSecurityContext,
];
