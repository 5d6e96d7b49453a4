import { Feature, FEATURES, FeatureHandling } from './features';
import { CATALOG, RENAMED_RULES } from '../../src/engine/catalog';
import { IGNORE_ANNOTATION_PREFIX } from '../../src/engine/suppressions';
import { ApiServerEnforcement, HostProcessPods, Rule } from '../../src/rules/rule';

/** Titles of the sections of the Windows constraints specification. */
const SPEC_SECTIONS: { [section: string]: string } = {
  1: 'Placement: a Windows pod must land on a Windows node of the right build',
  2: 'Pod-level fields (V1.Pod, V1.PodSecurityContext)',
  3: 'Container-level fields (V1.Container)',
  4: 'Volumes',
  5: 'Services',
  6: 'Isolation and privileged work',
  7: 'Cluster-level facts',
};

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

/**
 * docs/RULES.md: the rules, grouped by specification section, then every topic of the seed page
 * and how the library handles it. Deterministic: the same input gives the same bytes.
 */
export function renderRulesDoc(rules: readonly Rule[] = CATALOG, features: readonly Feature[] = FEATURES): string {
  const known = new Set(rules.map(rule => rule.name));
  const lines: string[] = [];
  const out = (...more: string[]) => lines.push(...more);

  out(
    '# cdk8s-windows rules',
    '',
    '<!-- Generated from src/engine/catalog.ts and scripts/docs/features.ts by scripts/generate-rules-doc.ts. Do not edit by hand:',
    '     run `npx ts-node --project test/tsconfig.json scripts/generate-rules-doc.ts`. -->',
    '',
    'Every Windows construct runs one rule engine over its final manifests at synthesis, and',
    '`WindowsRules.check(objects, profile)` runs the same engine over manifests from anywhere. Each',
    'rule below names the Windows fact behind it and how to fix a violation.',
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
  );

  // ---- Rules table, grouped by specification section
  out('## Rules', '');
  const sections = groupBy(rules, rule => rule.specSection);
  const sectionKeys = [...sections.keys()].sort(compareSections);
  if (sectionKeys.length === 0) out('_No rules in the catalog yet._', '');
  for (const section of sectionKeys) {
    out(`### ${sectionHeading(section)}`, '');
    out(
      '| Rule | Severity | What it checks | Why (the Windows fact) | How to fix | Gating | Spec § |',
      '|---|---|---|---|---|---|---|',
    );
    for (const rule of sections.get(section)!) {
      out(row([
        `[\`${rule.name}\`](#${ruleAnchor(rule.name)})`,
        rule.severity,
        rule.summary,
        rule.why,
        rule.remediation,
        rule.gating ?? 'always',
        rule.specSection,
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
  for (const section of sectionKeys) {
    for (const rule of sections.get(section)!) {
      out(
        `<a id="${ruleAnchor(rule.name)}"></a>`,
        '',
        `### \`${rule.name}\``,
        '',
        `- **Severity:** ${rule.severity}`,
        `- **Gating:** ${oneLine(rule.gating ?? 'always')}`,
        `- **Specification:** § ${sectionHeading(rule.specSection)}`,
        `- **Checks:** ${oneLine(rule.summary)}`,
        `- **Why:** ${oneLine(rule.why)}`,
        `- **Fix:** ${oneLine(rule.remediation)}`,
        `- **Upstream documentation:** <${rule.docsUrl}>`,
        `- **Checked against:** ${oneLine(rule.sources)}`,
        ...(rule.apiServer ? [`- **Suppression:** not allowed: the API server rejects what this rule finds${rule.apiServer === ApiServerEnforcement.WINDOWS_PODS ? ' in pods that set `spec.os.name: windows`' : ''}, so a suppressed finding would still be refused`] : []),
        `- **HostProcess pods:** ${rule.hostProcessPods === HostProcessPods.SKIPPED ? "not checked (the fact is about the pod's own sandbox; HostProcess pods run on the host)" : 'checked'}`,
      );
      const topics = topicsByRule.get(rule.name) ?? [];
      if (topics.length > 0) {
        out(`- **Seed topics:** ${topics.map(t => `${t.area}: ${t.topic}`).join('; ')}`);
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
    '## Every topic of the seed page',
    '',
    'The library started from the upstream "Windows support in Kubernetes" overview written for',
    'Kubernetes 1.14/1.15 (Docker EE, Windows Server 2019). Every topic of that page is accounted for',
    'below: supported as is, checked by a rule, handled by a construct, or out of scope because it is',
    'cluster operation rather than a property of a manifest.',
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
    out('| Topic | Seed page (1.14) | Today | How cdk8s-windows handles it |', '|---|---|---|---|');
    for (const feature of list) {
      out(row([feature.topic, feature.seed, feature.today, handlingCell(feature, known)]));
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

function row(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function sectionHeading(section: string): string {
  const title = SPEC_SECTIONS[section];
  return title ? `${section}. ${title}` : `Section ${section}`;
}

/** Numeric order for `1`, `2`, `10`, `3.1`; anything else after, alphabetically. */
function compareSections(a: string, b: string): number {
  const na = Number.parseFloat(a);
  const nb = Number.parseFloat(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  if (Number.isNaN(na) !== Number.isNaN(nb)) return Number.isNaN(na) ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
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
