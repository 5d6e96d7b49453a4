import { CONTAINER_RULES } from './container';
import { ISOLATION_RULES } from './isolation';
import { PLACEMENT_RULES } from './placement';
import { POD_RULES } from './pod';
import { Rule } from './rule';
import { SERVICE_RULES } from './service';
import { VOLUME_RULES } from './volumes';

/**
 * Every rule, in specification order. Adding a rule to its section's list is all it takes for
 * the engine, synthesis, the checker and docs/RULES.md to use it.
 */
export const CATALOG: readonly Rule[] = [
  ...PLACEMENT_RULES,
  ...POD_RULES,
  ...CONTAINER_RULES,
  ...VOLUME_RULES,
  ...SERVICE_RULES,
  ...ISOLATION_RULES,
];
