// A rule's topic is the topic list it is in (src/rules/<topic>/index.ts), never a field written in
// the rule: the catalog derives it, and the public RuleInfo carries it.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG, TOPICS, topicOf } from '../../src/engine/catalog';
import { WindowsRules } from '../../src/engine/windows-rules';

const RULES_DIR = path.join(__dirname, '..', '..', 'src', 'rules');

/** The file name (without .ts) a rule's constant is imported from, per topic folder. */
function ruleFilesOf(topic: string): string[] {
  return fs.readdirSync(path.join(RULES_DIR, topic)).filter(f => f.endsWith('.ts') && f !== 'index.ts').map(f => f.replace(/\.ts$/, ''));
}

test('the topics are the folders of src/rules/ that hold rules, numbered in order', () => {
  const folders = fs.readdirSync(RULES_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && entry.name !== 'lib').map(entry => entry.name).sort();
  expect(TOPICS.map(t => t.id).sort()).toEqual(folders);
  expect(TOPICS.map(t => t.number)).toEqual(TOPICS.map((_t, i) => i + 1));
});

test('each rule is in the topic list of the folder its file is in, and in no other', () => {
  for (const topic of TOPICS) {
    expect(topic.rules.map(r => r.name).sort()).toEqual(ruleFilesOf(topic.id).sort());
    for (const rule of topic.rules) expect(topicOf(rule)).toBe(topic);
  }
  expect(CATALOG).toEqual(TOPICS.flatMap(t => t.rules));
});

test('topicOf names a rule that is in no list', () => {
  expect(() => topicOf({ name: 'not-a-rule' })).toThrow(/not-a-rule is in no topic list/);
});

test('WindowsRules.catalog gives each rule its topic, and the deprecated specSection its number', () => {
  const infos = WindowsRules.catalog();
  expect(infos.map(i => i.name)).toEqual(CATALOG.map(r => r.name));
  const privileged = infos.find(i => i.name === 'no-privileged')!;
  expect(privileged).toMatchObject({ topic: 'container', specSection: '3' });
  for (const info of infos) expect(info.specSection).toBe(String(TOPICS.find(t => t.id === info.topic)!.number));
});
