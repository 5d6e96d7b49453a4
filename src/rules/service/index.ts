import { Rule } from '../rule';

/** Section 5 of the specification: Services. */
export const SERVICE_RULES: readonly Rule[] = [
];
