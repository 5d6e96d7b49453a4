// Parsing one document safely: malformed YAML, alias bombs, deep nesting, Kubernetes scalars.
import { aliasBomb } from './support/cli';
import { checkExpansion, describeValue, MAX_DEPTH, parseYaml } from '../../src/cli/parse';

test('well-formed YAML and JSON', () => {
  expect(parseYaml('a: 1\nb: [x, {c: true}]\n')).toEqual({ ok: true, value: { a: 1, b: ['x', { c: true }] } });
  expect(parseYaml('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
});

test('malformed YAML: the reason and the 0-based line in the document', () => {
  expect(parseYaml('a: 1\nb:\n  c: 1\n   d: 2\n')).toEqual({ ok: false, message: expect.stringMatching(/^malformed YAML: bad indentation/), line: 3 });
  // A repeated key is what kubectl accepts: the last value, and a warning at the repeated key's line.
  expect(parseYaml('a: 1\na: 2\n')).toEqual({ ok: true, value: { a: 2 }, warning: { message: expect.stringContaining('duplicated mapping key "a"'), line: 1 } });
  expect(parseYaml('a: *nope\n')).toMatchObject({ ok: false, message: expect.stringContaining('unidentified alias') });
});

test('timestamps stay strings and merge keys work, as Kubernetes reads YAML', () => {
  expect(parseYaml('d: 2024-01-01\nt: 2024-01-01T10:00:00Z\n')).toEqual({ ok: true, value: { d: '2024-01-01', t: '2024-01-01T10:00:00Z' } });
  expect(parseYaml('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n')).toEqual({ ok: true, value: { base: { x: 1 }, m: { x: 1, y: 2 } } });
});

test('an alias bomb is rejected quickly, without expanding it', () => {
  const start = Date.now();
  const result = parseYaml(aliasBomb());
  expect(result).toEqual({ ok: false, message: expect.stringContaining('alias bomb') });
  expect(Date.now() - start).toBeLessThan(2000);
});

test('reasonable aliases pass', () => {
  const text = 'defaults: &d {cpu: 1, memory: 1Gi}\ncontainers:\n' + Array.from({ length: 50 }, (_, i) => `  - name: c${i}\n    resources: *d\n`).join('');
  expect(parseYaml(text)).toMatchObject({ ok: true });
});

test('deep nesting is rejected, flow or block, without overflowing the stack', () => {
  const flow = '['.repeat(100_000) + ']'.repeat(100_000);
  expect(parseYaml(flow)).toEqual({ ok: false, message: `nested deeper than ${MAX_DEPTH} levels`, line: 0 });
  const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
  expect(parseYaml(block)).toMatchObject({ ok: false, message: `nested deeper than ${MAX_DEPTH} levels` });
  const ok = Array.from({ length: 60 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
  expect(parseYaml(ok)).toMatchObject({ ok: true });
});

test('depth through aliases is measured too', () => {
  // Each level nests the previous one twice: the text is shallow, the value is deep.
  const lines = ['l0: &l0 [x]'];
  for (let i = 1; i < 200; i++) lines.push(`l${i}: &l${i} [*l${i - 1}]`);
  expect(parseYaml(lines.join('\n') + '\n')).toMatchObject({ ok: false, message: expect.stringContaining(`nested deeper than ${MAX_DEPTH} levels (through aliases)`) });
});

test('checkExpansion counts nodes as if expanded', () => {
  const shared = [1, 2, 3];
  expect(checkExpansion({ a: shared, b: shared }, 100, 10)).toBeUndefined();
  expect(checkExpansion({ a: shared, b: shared }, 7, 10)).toMatch(/more than 7 nodes/);
  expect(checkExpansion([[[[1]]]], 100, 3)).toMatch(/nested deeper than 3 levels/);
});

test('describeValue', () => {
  expect([[], 'x', 1, true, null, {}].map(describeValue)).toEqual(['a sequence', 'a string', 'a number', 'a boolean', 'empty', 'a mapping']);
});
