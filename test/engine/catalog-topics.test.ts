// A rule's topic is the topic list it is in (src/rules/<topic>/index.ts), never a field written in
// the rule: the catalog derives it, and the public RuleInfo carries it. That each list holds
// exactly the rules of its folder is tested in test/rules/catalog.test.ts.
import { CATALOG, TOPICS, topicOf } from '../../src/engine/catalog';
import { WindowsRules } from '../../src/engine/windows-rules';

test('the topics are numbered in order, and each rule\'s topic is the list it is in', () => {
  expect(TOPICS.map(t => t.number)).toEqual(TOPICS.map((_t, i) => i + 1));
  for (const topic of TOPICS) {
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
