import { Rule } from '../rule';

/** Section 4 of the specification: volumes. */
export const VOLUME_RULES: readonly Rule[] = [
];
