import { CONTAINER_RULES } from '../rules/container';
import { ISOLATION_RULES } from '../rules/isolation';
import { PLACEMENT_RULES } from '../rules/placement';
import { POD_RULES } from '../rules/pod';
import { Rule } from '../rules/rule';
import { SERVICE_RULES } from '../rules/service';
import { VOLUME_RULES } from '../rules/volumes';

/**
 * The rules of each topic, keyed by the folder of src/rules/ they sit in: a rule's topic is where
 * it lives, never a field it repeats (test/rules/catalog.test.ts holds each list to its folder).
 */
export const RULE_TOPICS: { readonly [folder: string]: readonly Rule[] } = {
  placement: PLACEMENT_RULES,
  pod: POD_RULES,
  container: CONTAINER_RULES,
  volumes: VOLUME_RULES,
  service: SERVICE_RULES,
  isolation: ISOLATION_RULES,
};

/**
 * Every rule, in specification order. Adding a rule to its topic's list is all it takes for
 * the engine, synthesis, the checker and docs/RULES.md to use it.
 */
export const CATALOG: readonly Rule[] = Object.values(RULE_TOPICS).flat();

/** The topic of a rule of the catalog: the folder of src/rules/ it sits in. */
export function topicOf(rule: string): string | undefined {
  return Object.keys(RULE_TOPICS).find(topic => RULE_TOPICS[topic].some(r => r.name === rule));
}

/**
 * Published rule names that no longer exist, with the rules that replaced them. A name here is
 * never reused; suppressing it is an error that names its replacements.
 */
export const RENAMED_RULES: { readonly [name: string]: readonly string[] } = {
  // One id covered five conditions, so suppressing its alpha-version warning also hid its errors.
  'host-process-consistency': [
    'host-process-flag-mismatch', 'host-process-all-containers', 'host-process-host-network',
    'host-process-run-as-non-root', 'host-process-unsupported-target',
  ],
  // The id named the old limit (64 backends); Windows now takes 1,024.
  'max-64-backends': ['max-service-backends'],
};
