import * as fs from 'fs';
import * as path from 'path';
import { Feature, FEATURES } from '../../scripts/docs/features';
import { escapeCell, REGENERATE_RULES_DOC, renderRulesDoc, ruleAnchor, unknownRuleReferences } from '../../scripts/docs/rules-doc';
import { CATALOG, RuleTopic, TOPICS } from '../../src/engine/catalog';
import { Severity } from '../../src/model/finding';
import { KubernetesVersion, TargetProfile } from '../../src/model/profile';
import { HostProcessPods, Rule } from '../../src/rules/rule';

const DOCS = path.join(__dirname, '..', '..', 'docs');
const RULES_MD = path.join(DOCS, 'RULES.md');

function fakeRule(overrides: Partial<Rule> = {}): Rule {
  return {
    name: 'fake-rule',
    severity: Severity.WARNING,
    summary: 'Checks a thing.',
    why: 'Because Windows.',
    remediation: 'Do the other thing.',
    docsUrl: 'https://example.invalid/docs',
    sources: 'a fake source',
    hostProcessPods: HostProcessPods.CHECKED,
    ...overrides,
  };
}

/** One topic holding `rules`. */
function topicOf(rules: Rule[], id = 'pod', title = 'Pod fields'): RuleTopic {
  return { id, title, number: 2, rules };
}

/** The markdown table rows (lines starting with `|`) that mention `text`. */
function tableRowsWith(markdown: string, text: string): string[] {
  return markdown.split('\n').filter(line => line.startsWith('|') && line.includes(text));
}

/** Splits a markdown table row into cells, honouring `\|` escapes. */
function cellsOf(tableRow: string): string[] {
  return tableRow.replace(/^\|\s?/, '').replace(/\s?\|$/, '').split(/\s?(?<!\\)\|\s?/);
}

describe('docs/RULES.md', () => {
  test('the committed file is what the generator renders today', () => {
    const committed = fs.existsSync(RULES_MD) ? fs.readFileSync(RULES_MD, 'utf-8') : undefined;
    const rendered = renderRulesDoc();
    if (committed !== rendered) {
      const reason = committed === undefined ? 'is missing' : 'is out of date with the rule catalog or scripts/docs/features.ts';
      throw new Error(`docs/RULES.md ${reason}: run \`${REGENERATE_RULES_DOC}\` and commit the result.`);
    }
  });

  test('its header and docs/ADDING-A-RULE.md name the same regeneration command', () => {
    expect(renderRulesDoc()).toContain(`run \`${REGENERATE_RULES_DOC}\``);
    expect(fs.readFileSync(path.join(DOCS, 'ADDING-A-RULE.md'), 'utf-8')).toContain(`\`${REGENERATE_RULES_DOC}\``);
  });

  test('every topic links to its section of docs/WINDOWS-FACTS.md, which has the anchor', () => {
    const doc = renderRulesDoc();
    const facts = fs.readFileSync(path.join(DOCS, 'WINDOWS-FACTS.md'), 'utf-8');
    for (const topic of TOPICS) {
      expect(doc).toContain(`### ${topic.title}\n\nThe Windows facts: [${topic.title}](WINDOWS-FACTS.md#${topic.id}).`);
      expect(facts).toContain(`<a id="${topic.id}"></a>`);
    }
  });

  test('every catalog rule appears in the rules table with its severity and has a subsection', () => {
    const doc = renderRulesDoc();
    for (const rule of CATALOG) {
      const rows = tableRowsWith(doc, `[\`${rule.name}\`](#${ruleAnchor(rule.name)})`)
        .filter(r => cellsOf(r).length === 7);
      expect(rows).toHaveLength(1);
      expect(cellsOf(rows[0])[1]).toBe(rule.severity);
      // Enforced where: the engine's entry points always; the cluster exactly when the rule has CEL checks at a 1.30+ target.
      const where = cellsOf(rows[0])[6];
      expect(where.startsWith('synthesis, checker, plugin, Pulumi')).toBe(true);
      if (rule.admission?.unsupported || !rule.admission?.checks) expect({ rule: rule.name, where }).toEqual({ rule: rule.name, where: 'synthesis, checker, plugin, Pulumi' });
      if (rule.admission?.checks?.(TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37') })).length) expect({ rule: rule.name, where }).toEqual({ rule: rule.name, where: expect.stringContaining(', cluster') });
      expect(doc).toContain(`<a id="${ruleAnchor(rule.name)}"></a>`);
      expect(doc).toContain(`- **Severity:** ${rule.severity}`);
      expect(doc).toContain(rule.docsUrl);
    }
  });

  test('every rule name a feature row references exists in the catalog', () => {
    // While rules are still being added, this lists the ones the feature table expects.
    expect(unknownRuleReferences(CATALOG, FEATURES)).toEqual([]);
  });

  test('unknownRuleReferences names each missing rule once, sorted', () => {
    const features: Feature[] = [
      { area: 'A', topic: 't1', original: 's', today: 't', handling: 'rule', rules: ['zeta', 'fake-rule'] },
      { area: 'A', topic: 't2', original: 's', today: 't', handling: 'rule', rules: ['alpha', 'zeta'] },
    ];
    expect(unknownRuleReferences([fakeRule()], features)).toEqual(['alpha', 'zeta']);
  });
});

describe('the feature table', () => {
  test.each(FEATURES.map(f => [`${f.area}: ${f.topic}`, f] as const))('%s has the fields its handling needs', (_name, feature) => {
    expect(feature.area.trim()).not.toBe('');
    expect(feature.topic.trim()).not.toBe('');
    expect(feature.original.trim()).not.toBe('');
    expect(feature.today.trim()).not.toBe('');
    switch (feature.handling) {
      case 'rule':
        expect(feature.rules?.length ?? 0).toBeGreaterThan(0);
        break;
      case 'construct':
        expect(feature.construct?.trim() ?? '').not.toBe('');
        break;
      case 'out-of-scope':
        expect(feature.reason?.trim() ?? '').not.toBe('');
        break;
      case 'supported':
        break;
      default:
        throw new Error(`unknown handling '${feature.handling}'`);
    }
    if (feature.handling !== 'out-of-scope') expect(feature.reason).toBeUndefined();
  });

  test('topics are unique within an area', () => {
    const keys = FEATURES.map(f => `${f.area}\u0000${f.topic}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('every feature row appears in the doc', () => {
    const doc = renderRulesDoc();
    for (const feature of FEATURES) {
      expect(tableRowsWith(doc, escapeCell(feature.topic)).length).toBeGreaterThan(0);
    }
  });
});

describe('renderRulesDoc', () => {
  test('says where a rule is enforced: the cluster when it has CEL checks on every, or some, target of 1.30 and newer', () => {
    const check = { expression: 'true', messageExpression: "'x'" };
    const doc = renderRulesDoc([topicOf([
      fakeRule({ name: 'everywhere', admission: { checks: () => [check] } }),
      fakeRule({ name: 'newest', admission: { checks: profile => profile.kubernetesVersion.isAtLeast(35) ? [check] : [] } }),
      fakeRule({ name: 'never', admission: { checks: () => [] } }),
      fakeRule({ name: 'other-objects', admission: { unsupported: 'It needs the Namespace, another object.' } }),
    ])], []);
    const where = (name: string) => cellsOf(tableRowsWith(doc, `[\`${name}\`]`)[0])[6];
    expect(where('everywhere')).toBe('synthesis, checker, plugin, Pulumi, cluster');
    expect(where('newest')).toBe('synthesis, checker, plugin, Pulumi, cluster (some targets)');
    expect(where('never')).toBe('synthesis, checker, plugin, Pulumi');
    expect(where('other-objects')).toBe('synthesis, checker, plugin, Pulumi');
    expect(doc).toContain('- **Cluster admission policy:** none: It needs the Namespace, another object.');
    expect(doc).toContain('- **Cluster admission policy:** none: nothing to check on the targets that run admission policies (Kubernetes 1.30 and newer)');
  });

  test('escapes pipes and line breaks in table cells', () => {
    const rule = fakeRule({
      summary: 'Checks `a | b` values.',
      why: 'Line one\nline two | with a pipe.',
      gating: 'runtime: Docker EE | containerd',
    });
    const features: Feature[] = [
      { area: 'Area | X', topic: 'Topic | with pipe', original: 'Then\r\ntext', today: 'Today', handling: 'rule', rules: ['fake-rule'] },
    ];
    const doc = renderRulesDoc([topicOf([rule])], features);

    const [ruleRow] = tableRowsWith(doc, '[`fake-rule`](#rule-fake-rule) |');
    const cells = cellsOf(ruleRow);
    expect(cells).toHaveLength(7);
    expect(cells[6]).toBe('synthesis, checker, plugin, Pulumi');
    expect(cells[2]).toBe('Checks `a \\| b` values.');
    expect(cells[3]).toBe('Line one<br>line two \\| with a pipe.');
    expect(cells[5]).toBe('runtime: Docker EE \\| containerd');

    const [featureRow] = tableRowsWith(doc, 'Topic \\| with pipe');
    expect(cellsOf(featureRow)).toEqual([
      'Topic \\| with pipe',
      'Then<br>text',
      'Today',
      '**Rule:** [`fake-rule`](#rule-fake-rule).',
    ]);
  });

  test('gating reads "always" when a rule has none', () => {
    const doc = renderRulesDoc([topicOf([fakeRule()])], []);
    const [ruleRow] = tableRowsWith(doc, '[`fake-rule`]');
    expect(cellsOf(ruleRow)[5]).toBe('always');
  });

  test('groups rules by topic, in the order of the topics, and links each to its Windows facts', () => {
    const doc = renderRulesDoc([
      topicOf([fakeRule({ name: 'in-service' })], 'service', 'Services'),
      topicOf([], 'volumes', 'Volumes'),
      topicOf([fakeRule({ name: 'in-pod' })], 'pod', 'Pod fields'),
    ], []);
    const headings = doc.split('\n').filter(line => /^### [A-Z]/.test(line));
    expect(headings).toEqual(['### Services', '### Pod fields']);
    expect(doc).toContain('- **Topic:** [Services](WINDOWS-FACTS.md#service)');
    expect(doc.indexOf('`in-service`')).toBeLessThan(doc.indexOf('`in-pod`'));
  });

  test('names a rule that is not in the catalog without a dead link', () => {
    const features: Feature[] = [
      { area: 'A', topic: 'T', original: 'S', today: 'T', handling: 'rule', rules: ['not-written-yet'] },
    ];
    const doc = renderRulesDoc([], features);
    expect(doc).toContain('`not-written-yet`');
    expect(doc).not.toContain('#rule-not-written-yet');
  });

  test('is deterministic', () => {
    expect(renderRulesDoc()).toBe(renderRulesDoc());
  });
});
