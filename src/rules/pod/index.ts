import { Rule } from '../rule';

/** Section 2 of the specification: pod-level fields and the pod security context. */
export const POD_RULES: readonly Rule[] = [
];
