import * as fs from 'fs';
import * as path from 'path';
import { Feature, FEATURES } from '../../scripts/docs/features';
import { escapeCell, renderRulesDoc, ruleAnchor, unknownRuleReferences } from '../../scripts/docs/rules-doc';
import { CATALOG } from '../../src/engine/catalog';
import { Severity } from '../../src/model/finding';
import { HostProcessPods, Rule } from '../../src/rules/rule';

const RULES_MD = path.join(__dirname, '..', '..', 'docs', 'RULES.md');
const GENERATE = 'npx ts-node --project test/tsconfig.json scripts/generate-rules-doc.ts';

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
    specSection: '2',
    ...overrides,
  };
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
      throw new Error(`docs/RULES.md ${reason}: run \`${GENERATE}\` and commit the result.`);
    }
  });

  test('every catalog rule appears in the rules table with its severity and has a subsection', () => {
    const doc = renderRulesDoc();
    for (const rule of CATALOG) {
      const rows = tableRowsWith(doc, `[\`${rule.name}\`](#${ruleAnchor(rule.name)})`)
        .filter(r => cellsOf(r).length === 7);
      expect(rows).toHaveLength(1);
      expect(cellsOf(rows[0])[1]).toBe(rule.severity);
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
      { area: 'A', topic: 't1', seed: 's', today: 't', handling: 'rule', rules: ['zeta', 'fake-rule'] },
      { area: 'A', topic: 't2', seed: 's', today: 't', handling: 'rule', rules: ['alpha', 'zeta'] },
    ];
    expect(unknownRuleReferences([fakeRule()], features)).toEqual(['alpha', 'zeta']);
  });
});

describe('the feature table', () => {
  test.each(FEATURES.map(f => [`${f.area}: ${f.topic}`, f] as const))('%s has the fields its handling needs', (_name, feature) => {
    expect(feature.area.trim()).not.toBe('');
    expect(feature.topic.trim()).not.toBe('');
    expect(feature.seed.trim()).not.toBe('');
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
  test('escapes pipes and line breaks in table cells', () => {
    const rule = fakeRule({
      summary: 'Checks `a | b` values.',
      why: 'Line one\nline two | with a pipe.',
      gating: 'runtime: Docker EE | containerd',
    });
    const features: Feature[] = [
      { area: 'Area | X', topic: 'Topic | with pipe', seed: 'Seed\r\ntext', today: 'Today', handling: 'rule', rules: ['fake-rule'] },
    ];
    const doc = renderRulesDoc([rule], features);

    const [ruleRow] = tableRowsWith(doc, '[`fake-rule`](#rule-fake-rule) |');
    const cells = cellsOf(ruleRow);
    expect(cells).toHaveLength(7);
    expect(cells[2]).toBe('Checks `a \\| b` values.');
    expect(cells[3]).toBe('Line one<br>line two \\| with a pipe.');
    expect(cells[5]).toBe('runtime: Docker EE \\| containerd');

    const [featureRow] = tableRowsWith(doc, 'Topic \\| with pipe');
    expect(cellsOf(featureRow)).toEqual([
      'Topic \\| with pipe',
      'Seed<br>text',
      'Today',
      '**Rule:** [`fake-rule`](#rule-fake-rule).',
    ]);
  });

  test('gating reads "always" when a rule has none', () => {
    const doc = renderRulesDoc([fakeRule()], []);
    const [ruleRow] = tableRowsWith(doc, '[`fake-rule`]');
    expect(cellsOf(ruleRow)[5]).toBe('always');
  });

  test('groups rules by specification section in numeric order', () => {
    const doc = renderRulesDoc([
      fakeRule({ name: 'in-ten', specSection: '10' }),
      fakeRule({ name: 'in-two', specSection: '2' }),
      fakeRule({ name: 'in-five', specSection: '5' }),
    ], []);
    const headings = doc.split('\n').filter(line => line.startsWith('### ') && /^### \d|^### Section/.test(line));
    expect(headings).toEqual([
      '### 2. Pod-level fields (V1.Pod, V1.PodSecurityContext)',
      '### 5. Services',
      '### Section 10',
    ]);
  });

  test('names a rule that is not in the catalog without a dead link', () => {
    const features: Feature[] = [
      { area: 'A', topic: 'T', seed: 'S', today: 'T', handling: 'rule', rules: ['not-written-yet'] },
    ];
    const doc = renderRulesDoc([], features);
    expect(doc).toContain('`not-written-yet`');
    expect(doc).not.toContain('#rule-not-written-yet');
  });

  test('is deterministic', () => {
    expect(renderRulesDoc()).toBe(renderRulesDoc());
  });
});
