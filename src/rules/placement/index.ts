import { Rule } from '../rule';

/** Section 1 of the specification: placement (os field, selectors, image builds). */
export const PLACEMENT_RULES: readonly Rule[] = [
];
