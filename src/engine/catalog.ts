import { CONTAINER_RULES } from '../rules/container';
import { ISOLATION_RULES } from '../rules/isolation';
import { NAMESPACE_RULES } from '../rules/namespace';
import { NODES_RULES } from '../rules/nodes';
import { PLACEMENT_RULES } from '../rules/placement';
import { PLATFORM_RULES } from '../rules/platform';
import { POD_RULES } from '../rules/pod';
import { Rule } from '../rules/rule';
import { SERVICE_RULES } from '../rules/service';
import { VOLUME_RULES } from '../rules/volumes';

/**
 * A topic of the rules: the folder of `src/rules/` its rules live in, and the section of
 * docs/WINDOWS-FACTS.md (anchor `id`) that states their Windows facts. A rule's topic is where it
 * lives, never a field it repeats (test/rules/catalog.test.ts holds each list to its folder).
 */
export interface RuleTopic {
  /** The folder name and the anchor in docs/WINDOWS-FACTS.md, e.g. `container`. */
  readonly id: string;
  /** The section title in docs/WINDOWS-FACTS.md and docs/RULES.md. */
  readonly title: string;
  /** The section number in docs/WINDOWS-FACTS.md (what the deprecated `RuleInfo.specSection` gives). */
  readonly number: number;
  readonly rules: readonly Rule[];
}

/** The topics, in the order of docs/WINDOWS-FACTS.md (a test holds the two equal). */
export const TOPICS: readonly RuleTopic[] = [
  { id: 'placement', number: 1, title: 'Placement: a Windows pod lands on a Windows node of the right build', rules: PLACEMENT_RULES },
  { id: 'pod', number: 2, title: 'Pod fields', rules: POD_RULES },
  { id: 'container', number: 3, title: 'Container fields', rules: CONTAINER_RULES },
  { id: 'volumes', number: 4, title: 'Volumes', rules: VOLUME_RULES },
  { id: 'service', number: 5, title: 'Services', rules: SERVICE_RULES },
  { id: 'isolation', number: 6, title: 'Isolation and privileged work (HostProcess, Hyper-V)', rules: ISOLATION_RULES },
  { id: 'namespace', number: 7, title: 'Namespaces: Pod Security admission and gMSA', rules: NAMESPACE_RULES },
  { id: 'nodes', number: 8, title: 'Node pools: where the scheduler may place a pod', rules: NODES_RULES },
  { id: 'platform', number: 9, title: 'Platforms: AKS, EKS, GKE and OpenShift', rules: PLATFORM_RULES },
];

/**
 * Every rule, topic by topic. Adding a rule to its topic's list is all it takes for the engine,
 * synthesis, the checker and docs/RULES.md to use it.
 */
export const CATALOG: readonly Rule[] = TOPICS.flatMap(topic => topic.rules);

const TOPIC_OF = new Map<string, RuleTopic>(TOPICS.flatMap(topic => topic.rules.map(rule => [rule.name, topic] as const)));

/** The topic whose list holds `rule`. */
export function topicOf(rule: Pick<Rule, 'name'>): RuleTopic {
  const topic = TOPIC_OF.get(rule.name);
  if (!topic) throw new Error(`rule ${rule.name} is in no topic list of src/engine/catalog.ts`);
  return topic;
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
