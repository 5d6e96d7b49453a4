// Lines of field paths: the js-yaml listener tree against the `yaml` package's source ranges.
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from './support/cli';
import { lineWithYaml } from './support/yaml-lines';
import { DocumentSplitter, SourceDocument } from '../../src/cli/input';
import { DocumentLocator, lineWithJsYaml, parsePath } from '../../src/cli/locate';
import { parseYaml } from '../../src/cli/parse';

test('parsePath', () => {
  expect(parsePath('spec.containers[0].securityContext.privileged')).toEqual([
    { key: 'spec', joinable: true }, { key: 'containers', joinable: true }, { index: 0 },
    { key: 'securityContext', joinable: true }, { key: 'privileged', joinable: true },
  ]);
  expect(parsePath('spec.nodeSelector[kubernetes.io/os]')).toEqual([
    { key: 'spec', joinable: true }, { key: 'nodeSelector', joinable: true }, { key: 'kubernetes.io/os', joinable: false },
  ]);
  expect(parsePath('metadata.annotations["a.b/c"]')[2]).toEqual({ key: 'a.b/c', joinable: false });
  expect(parsePath('')).toEqual([]);
});

/** Every path to every node of a value, in the dotted form rules write. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [`${prefix}[${i}]`, ...pathsOf(v, `${prefix}[${i}]`)]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...pathsOf(v, p)];
    });
  }
  return [];
}

function documentsOf(file: string): SourceDocument[] {
  const documents: SourceDocument[] = [];
  const splitter = new DocumentSplitter(file, { document: d => documents.push(d), problem: () => undefined });
  splitter.push(fs.readFileSync(file, 'utf8'));
  splitter.end();
  return documents;
}

const fixtures = fs.readdirSync(FIXTURES).filter(f => /\.(ya?ml|json)$/.test(f)).map(f => path.join(FIXTURES, f));

test.each(fixtures.map(f => [path.basename(f), f]))('every path of %s: the same line with js-yaml as with the yaml package', (_name, file) => {
  let compared = 0;
  for (const document of documentsOf(file)) {
    const parsed = parseYaml(document.text);
    if (!parsed.ok) continue;
    for (const p of ['', ...pathsOf(parsed.value)]) {
      expect([p, lineWithJsYaml(document.text, p)]).toEqual([p, lineWithYaml(document.text, p)]);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(0);
});

test.each([
  ['flow collections', '--- {a: 1, b: [x, {c: 2}]}\n', ['', 'b[1].c']],
  ['JSON over lines', '{\n  "a": {\n    "b": [\n      1,\n      {"c": 2}\n    ]\n  }\n}\n', ['a.b[1].c', 'a.b[0]', 'a.b']],
  ['nested flow sequences', 'x:\n  [[1, 2]]\ny: [ [1] ]\n', ['x[0][1]', 'y[0][0]']],
  ['a flow mapping on the next line, after a comment', 'x:\n  # c\n  {c: 2}\n', ['x.c']],
  ['block scalars', 'a: |\n  t\n  u\nb: >-\n  f\nc: 1\n', ['a', 'b', 'c']],
  ['sequence items on their own line', 'l:\n-\n  name: a\n- - 1\n  - 2\n', ['l[0].name', 'l[1][1]']],
  ['anchors, aliases and merge keys', 'a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n', ['c', 'c.b', 'd.e', 'd.b']],
  ['explicit keys', '? [a, b]\n: 1\nz: 2\n', ['z']],
])('%s: the same line with js-yaml as with the yaml package', (_name, text, paths) => {
  for (const p of paths as string[]) expect([p, lineWithJsYaml(text as string, p)]).toEqual([p, lineWithYaml(text as string, p)]);
});

describe('DocumentLocator', () => {
  const text = '---\n# a Windows pod\napiVersion: v1\nkind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/os: windows\n  containers:\n    - name: a\n      image: x\n';
  const locator = new DocumentLocator(text, 10);

  test('lines in the source: the document starts at line 10', () => {
    expect(locator.lineOf('')).toBe(12);
    expect(locator.lineOf('kind')).toBe(13);
    expect(locator.lineOf('spec.nodeSelector.kubernetes.io/os')).toBe(16);
    expect(locator.lineOf('spec.nodeSelector[kubernetes.io/os]')).toBe(16);
    expect(locator.lineOf('spec.containers[0].image')).toBe(19);
  });

  test('a path past what exists: the deepest node that exists', () => {
    expect(locator.lineOf('spec.containers[0].resources.limits.memory')).toBe(18);
    expect(locator.lineOf('spec.containers[3]')).toBe(17);
    expect(locator.lineOf('status.phase')).toBe(12);
  });

  test('tags and anchors on keys', () => {
    const tagged = 'a: 1\n!!str b:\n  c: 2\n? !!str &x k\n: v\n';
    const at = new DocumentLocator(tagged, 1);
    expect([at.lineOf('b.c'), at.lineOf('k')]).toEqual([3, 4]);
  });

  test('a repeated key: the line of the last one, which the check reads', () => {
    const duplicated = 'a:\n  b: 1\na:\n  c: 2\n';
    expect(new DocumentLocator(duplicated, 1).lineOf('a.c')).toBe(4);
    expect(new DocumentLocator(duplicated, 1).lineOf('a.b')).toBe(3);
    expect(lineWithJsYaml(duplicated, 'a.c')).toBe(lineWithYaml(duplicated, 'a.c'));
  });

  test('a document the line tree cannot be built for: its first content line', () => {
    expect(new DocumentLocator('# c\n---\na: [1\n', 5).lineOf('a')).toBe(7);
  });
});
