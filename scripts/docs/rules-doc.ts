import { Feature, FEATURES, FeatureHandling } from './features';
import { ADMISSION_POLICY_MINIMUM_MINOR, policiesOfRule } from '../../src/admission-policy/policies';
import { RENAMED_RULES, RuleTopic, TOPICS } from '../../src/engine/catalog';
import { IGNORE_ANNOTATION_PREFIX } from '../../src/engine/suppressions';
import { Platform } from '../../src/model/platform';
import { Isolation, KubernetesVersion, TargetProfile, WindowsServerVersion } from '../../src/model/profile';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../../src/rules/rule';

const HANDLING_LABELS: { [handling in FeatureHandling]: string } = {
  'supported': 'Supported',
  'rule': 'Rule',
  'construct': 'Construct',
  'out-of-scope': 'Out of scope',
};

const HANDLING_ORDER: readonly FeatureHandling[] = ['supported', 'rule', 'construct', 'out-of-scope'];

/** The anchor of a rule's subsection in docs/RULES.md. */
export function ruleAnchor(name: string): string {
  return `rule-${name}`;
}

/** Makes `text` safe inside a markdown table cell: escapes `|`, turns line breaks into `<br>`. */
export function escapeCell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\n/g, '<br>');
}

/** Rule names that feature rows reference but `rules` does not contain, sorted and unique. */
export function unknownRuleReferences(rules: readonly Rule[], features: readonly Feature[] = FEATURES): string[] {
  const known = new Set(rules.map(rule => rule.name));
  const unknown = new Set<string>();
  for (const feature of features) {
    for (const name of feature.rules ?? []) {
      if (!known.has(name)) unknown.add(name);
    }
  }
  return [...unknown].sort();
}

/** The command that writes docs/RULES.md (docs/ADDING-A-RULE.md names the same one). */
export const REGENERATE_RULES_DOC = 'npx projen docs:rules';

/** Where each topic's Windows facts are stated, relative to docs/. */
export function factsLink(topic: RuleTopic): string {
  return `[${topic.title}](WINDOWS-FACTS.md#${topic.id})`;
}

/**
 * docs/RULES.md: the rules, topic by topic, then every topic of the original Windows support
 * overview (Kubernetes 1.14/1.15) and how the library handles it. Deterministic: the same input
 * gives the same bytes.
 */
export function renderRulesDoc(topics: readonly RuleTopic[] = TOPICS, features: readonly Feature[] = FEATURES): string {
  const rules = topics.flatMap(topic => topic.rules);
  const known = new Set(rules.map(rule => rule.name));
  const lines: string[] = [];
  const out = (...more: string[]) => lines.push(...more);

  out(
    '# cdk8s-windows rules',
    '',
    '<!-- Generated from src/engine/catalog.ts and scripts/docs/features.ts by scripts/generate-rules-doc.ts. Do not edit by hand:',
    `     run \`${REGENERATE_RULES_DOC}\`. -->`,
    '',
    'Every Windows construct runs one rule engine over its final manifests at synthesis; `checkChart`,',
    'the `cdk8s-windows check` command, the validation plugin and `WindowsRules.checkManifests` run it',
    'over manifests from anywhere. Each rule below names the Windows fact behind it and how to fix a',
    'violation; the facts themselves, topic by topic, with their sources, are in',
    '[WINDOWS-FACTS.md](WINDOWS-FACTS.md).',
    '',
    '## Severities and suppressions',
    '',
    '- **error**: cannot work on Windows. Fails `cdk8s synth` (all errors are reported at once) and makes the checker exit with status 1.',
    '- **warning**: likely to misbehave. Reported; fails only in strict mode (`strict: true`, `WindowsCompliance.setStrict(scope, true)`',
    '  or the `cdk8s-windows:strict` context value).',
    '- **info**: advice. Reported, never fails.',
    '',
    'Some rules are **gated** by the target profile (Kubernetes minor, Windows Server version, container',
    'runtime, isolation): they apply, or change severity, only for the targets the Windows fact applies to.',
    '',
    'A finding that does not apply can be suppressed, always with a reason (at least a sentence); a',
    'suppressed finding stays visible, marked with its reason:',
    '',
    "- per construct: `WindowsCompliance.suppress(construct, '<rule>', '<reason>')` or the `suppressions` prop;",
    `- per object, in any manifest: the annotation \`${IGNORE_ANNOTATION_PREFIX}<rule>: "<reason>"\`.`,
    '',
    'A rule whose finding the API server itself rejects cannot be suppressed (its details say so):',
    '`WindowsCompliance.suppress` throws, and the checker keeps the finding and says the annotation was',
    'not honoured. Suppressing it would only move the failure to `kubectl apply`. The rules that do not',
    'run on HostProcess pods (which run on the host, in the host network, as a host account) say so too.',
    '',
    '## Enforced where',
    '',
    'Every rule runs at synthesis (the Windows constructs), in the checker (`cdk8s-windows check`), in the',
    'cdk8s validation plugin and in the Pulumi policy pack. A rule that can be judged on one object is also a',
    `ValidatingAdmissionPolicy (Kubernetes 1.${ADMISSION_POLICY_MINIMUM_MINOR} and newer), which \`cdk8s-windows policies\` prints and the`,
    '`WindowsAdmissionPolicies` construct writes: the API server then denies errors and returns warnings to',
    'whatever applies the workload ("cluster" in the column). A rule that needs another object (the',
    'workloads a Service selects, a Namespace\'s labels, a RuntimeClass) has no policy; its details say why.',
    '',
  );

  // ---- Rules table, topic by topic
  out('## Rules', '');
  const filled = topics.filter(topic => topic.rules.length > 0);
  if (filled.length === 0) out('_No rules in the catalog yet._', '');
  for (const topic of filled) {
    out(`### ${topic.title}`, '', `The Windows facts: ${factsLink(topic)}.`, '');
    out(
      '| Rule | Severity | What it checks | Why (the Windows fact) | How to fix | Gating | Enforced where |',
      '|---|---|---|---|---|---|---|',
    );
    for (const rule of topic.rules) {
      out(row([
        `[\`${rule.name}\`](#${ruleAnchor(rule.name)})`,
        rule.severity,
        rule.summary,
        rule.why,
        rule.remediation,
        rule.gating ?? 'always',
        enforcedWhere(rule),
      ]));
    }
    out('');
  }

  // ---- Per-rule subsections
  if (rules.length > 0) out('## Rule details', '');
  const topicsByRule = new Map<string, Feature[]>();
  for (const feature of features) {
    for (const name of feature.rules ?? []) {
      const list = topicsByRule.get(name) ?? [];
      list.push(feature);
      topicsByRule.set(name, list);
    }
  }
  for (const topic of filled) {
    for (const rule of topic.rules) {
      out(
        `<a id="${ruleAnchor(rule.name)}"></a>`,
        '',
        `### \`${rule.name}\``,
        '',
        `- **Severity:** ${rule.severity}`,
        `- **Gating:** ${oneLine(rule.gating ?? 'always')}`,
        `- **Topic:** ${factsLink(topic)}`,
        `- **Checks:** ${oneLine(rule.summary)}`,
        `- **Why:** ${oneLine(rule.why)}`,
        `- **Fix:** ${oneLine(rule.remediation)}`,
        `- **Upstream documentation:** <${rule.docsUrl}>`,
        `- **Checked against:** ${oneLine(rule.sources)}`,
        ...(rule.apiServer ? [`- **Suppression:** not allowed: the API server rejects what this rule finds${rule.apiServer === ApiServerEnforcement.WINDOWS_PODS ? ' in pods that set `spec.os.name: windows`' : ''}, so a suppressed finding would still be refused`] : []),
        `- **Cluster admission policy:** ${clusterPolicy(rule)}`,
        `- **HostProcess pods:** ${rule.hostProcessPods === HostProcessPods.SKIPPED ? "not checked (the fact is about the pod's own sandbox; HostProcess pods run on the host)" : 'checked'}`,
      );
      const overviewTopics = topicsByRule.get(rule.name) ?? [];
      if (overviewTopics.length > 0) {
        out(`- **In the 1.14/1.15 overview:** ${overviewTopics.map(t => `${t.area}: ${t.topic}`).join('; ')}`);
      }
      out('');
    }
  }

  // ---- Renamed rules: published names stay documented
  const renamed = Object.entries(RENAMED_RULES);
  if (renamed.length > 0) {
    out('## Renamed rules', '', 'These names were published and no longer exist. Suppressing one is an error that names its replacements.', '');
    out('| Former rule | Replaced by |', '|---|---|');
    for (const [name, replacements] of renamed) {
      out(`| \`${name}\` | ${replacements.map(r => `[\`${r}\`](#${ruleAnchor(r)})`).join(', ')} |`);
    }
    out('');
  }

  // ---- Feature table
  out(
    '## Every topic of the original Windows support overview',
    '',
    'The library started from the upstream "Windows support in Kubernetes" overview written for',
    'Kubernetes 1.14/1.15 (Docker EE, Windows Server 2019). Every topic of that page is accounted for',
    'below, with what it said then and what upstream says today: supported as is, checked by a rule,',
    'handled by a construct, or out of scope because it is cluster operation rather than a property of',
    'a manifest.',
    '',
  );
  out('| Area | Supported | Rule | Construct | Out of scope | Topics |', '|---|---|---|---|---|---|');
  const areas = groupBy(features, feature => feature.area);
  for (const [area, list] of areas) {
    const counts = HANDLING_ORDER.map(handling => String(list.filter(f => f.handling === handling).length));
    out(row([area, ...counts, String(list.length)]));
  }
  const totals = HANDLING_ORDER.map(handling => String(features.filter(f => f.handling === handling).length));
  out(row(['**Total**', ...totals.map(t => `**${t}**`), `**${features.length}**`]), '');

  for (const [area, list] of areas) {
    out(`### ${area}`, '');
    out('| Topic | Kubernetes 1.14/1.15 | Today | How cdk8s-windows handles it |', '|---|---|---|---|');
    for (const feature of list) {
      out(row([feature.topic, feature.original, feature.today, handlingCell(feature, known)]));
    }
    out('');
  }

  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

function handlingCell(feature: Feature, known: ReadonlySet<string>): string {
  const plural = feature.handling === 'rule' && (feature.rules ?? []).length > 1 ? 's' : '';
  const parts: string[] = [`**${HANDLING_LABELS[feature.handling]}${plural}:**`];
  const rules = (feature.rules ?? []).map(name => ruleLink(name, known)).join(', ');
  switch (feature.handling) {
    case 'supported':
      parts.push('nothing to check.');
      if (feature.construct) parts.push(sentence(feature.construct));
      if (rules) parts.push(`Related: ${rules}.`);
      break;
    case 'rule':
      parts.push(`${rules}.`);
      if (feature.construct) parts.push(`Construct: ${sentence(feature.construct)}`);
      break;
    case 'construct':
      parts.push(sentence(feature.construct ?? ''));
      if (rules) parts.push(`Rules: ${rules}.`);
      break;
    case 'out-of-scope':
      parts.push(sentence(feature.reason ?? ''));
      if (feature.construct) parts.push(sentence(feature.construct));
      if (rules) parts.push(`Related: ${rules}.`);
      break;
  }
  return parts.join(' ');
}

/** A link to a rule's subsection; a rule not (yet) in the catalog is named without a link. */
function ruleLink(name: string, known: ReadonlySet<string>): string {
  return known.has(name) ? `[\`${name}\`](#${ruleAnchor(name)})` : `\`${name}\``;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalized = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** The targets a cluster can run the admission policies on: Kubernetes 1.30 to 1.37, each Windows Server version or none, each platform and isolation. */
const POLICY_TARGETS: TargetProfile[] = Array.from({ length: 8 }, (_, i) => KubernetesVersion.fromMinor(ADMISSION_POLICY_MINIMUM_MINOR + i))
  .flatMap(kubernetesVersion => [undefined, ...WindowsServerVersion.all()]
    .flatMap(windowsServerVersion => Object.values(Platform).flatMap(platform => Object.values(Isolation)
      .map(isolation => TargetProfile.of({ kubernetesVersion, windowsServerVersion, platform, isolation })))));

/** How many of `POLICY_TARGETS` give the rule CEL checks. */
function policyTargets(rule: Rule): number {
  return rule.admission?.checks ? POLICY_TARGETS.filter(profile => rule.admission!.checks!(profile).length > 0).length : 0;
}

/** Where a rule is enforced: every entry point of the engine, and the cluster when it has an admission policy. */
function enforcedWhere(rule: Rule): string {
  const engine = 'synthesis, checker, plugin, Pulumi';
  const targets = policyTargets(rule);
  if (targets === 0) return engine;
  return targets === POLICY_TARGETS.length ? `${engine}, cluster` : `${engine}, cluster (some targets)`;
}

/** The admission policy line of a rule's details. */
function clusterPolicy(rule: Rule): string {
  if (rule.admission?.unsupported) return `none: ${oneLine(rule.admission.unsupported)}`;
  if (!rule.admission?.checks) return 'none yet';
  const targets = policyTargets(rule);
  if (targets === 0) return `none: nothing to check on the targets that run admission policies (Kubernetes 1.${ADMISSION_POLICY_MINIMUM_MINOR} and newer)`;
  const scope = targets === POLICY_TARGETS.length ? 'on every target' : 'on the targets its gating names';
  const names = [...new Set(POLICY_TARGETS.flatMap(profile => policiesOfRule(rule, profile).map(p => `\`${p.name}\``)))];
  return `${names.join(', ')} (ValidatingAdmissionPolicy, Kubernetes 1.${ADMISSION_POLICY_MINIMUM_MINOR}+), ${scope}; from \`cdk8s-windows policies\` or \`WindowsAdmissionPolicies\` (README: Enforcing the rules in the cluster)`;
}

function row(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** Groups items by key, keeping the order in which keys first appear and items within a group. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
