// The catalog and where its rules live. A rule's topic is the folder of src/rules/ it sits in:
// each file there defines the one rule named like the file, and the topic's list holds exactly the
// rules of its folder. Every rule of the catalog has examples in test/rules/<topic>/examples.ts
// of that folder: at least one violating example (with its findings) and one passing example,
// which the topic's test runs (testExamples). A new rule without both fails here.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG, RENAMED_RULES, RULE_TOPICS, topicOf } from '../../src/engine/catalog';
import { Rule } from '../../src/rules/rule';
import { RuleExamples } from '../support/rules';

const SRC_RULES = path.join(__dirname, '..', '..', 'src', 'rules');
/** The topic folders of src/rules/ (lib/ holds helpers shared by rules, no rule). */
const TOPIC_FOLDERS = fs.readdirSync(SRC_RULES, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && entry.name !== 'lib').map(entry => entry.name).sort();

const isRule = (value: any): value is Rule =>
  typeof value === 'object' && value !== null && typeof value.name === 'string' && (typeof value.checkPod === 'function' || typeof value.checkService === 'function');

/** The rules each file of a topic folder defines (index.ts only lists them). */
function rulesByFile(topic: string): Array<[file: string, rules: Rule[]]> {
  return fs.readdirSync(path.join(SRC_RULES, topic)).filter(file => file.endsWith('.ts') && file !== 'index.ts').sort().map(file => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every file of the folder, found at run time
    const exported = require(path.join(SRC_RULES, topic, file));
    return [file, Object.values(exported).filter(isRule)];
  });
}

/** The examples of a topic, from test/rules/<topic>/examples.ts. */
function examplesOf(topic: string): readonly RuleExamples[] {
  const file = path.join(__dirname, topic, 'examples.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one module per topic folder, found at run time
  return fs.existsSync(file) ? require(file).EXAMPLES : [];
}

test('the topics of the catalog are the folders of src/rules/', () => {
  expect(Object.keys(RULE_TOPICS).sort()).toEqual(TOPIC_FOLDERS);
  expect(CATALOG).toEqual(Object.values(RULE_TOPICS).flat());
});

describe.each(TOPIC_FOLDERS)('src/rules/%s/', topic => {
  test('each file defines one rule, named like the file, and the topic lists exactly the rules of its folder', () => {
    const files = rulesByFile(topic);
    expect(files.map(([file, rules]) => [file, rules.map(rule => `${rule.name}.ts`)])).toEqual(files.map(([file]) => [file, [file]]));
    expect(RULE_TOPICS[topic].map(rule => rule.name).sort()).toEqual(files.flatMap(([, rules]) => rules.map(rule => rule.name)).sort());
  });

  test('its examples name only rules of the topic, once each', () => {
    const names = examplesOf(topic).map(examples => examples.rule);
    expect(names.filter(name => topicOf(name) !== topic)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('every rule has a violating and a passing example', () => {
  test.each(CATALOG.map(rule => rule.name))('%s', rule => {
    const examples = examplesOf(topicOf(rule)!).find(e => e.rule === rule);
    expect(examples).toBeDefined();
    // Violating: an example with at least one expected finding; passing: an example with none.
    expect(examples!.violating.length).toBeGreaterThan(0);
    for (const example of examples!.violating) expect(example.findings.length).toBeGreaterThan(0);
    expect(examples!.passing.length).toBeGreaterThan(0);
  });
});

test('renamed rules name only rules of the catalog, and no rule reuses a renamed name', () => {
  const names = new Set(CATALOG.map(rule => rule.name));
  for (const [former, replacements] of Object.entries(RENAMED_RULES)) {
    expect(names.has(former)).toBe(false);
    for (const replacement of replacements) expect(names.has(replacement)).toBe(true);
  }
});
