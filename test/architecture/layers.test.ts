// The layers of src/ (docs/ARCHITECTURE.md), checked on the import statements themselves: the
// folder-level import graph has no cycle and every edge goes down. The eslint zones in
// .projenrc.ts say the same at lint time; this test also prints the graph. And test/ mirrors
// src/: a layer's tests sit in the folder of the same name.
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');
const TEST = path.join(__dirname, '..');

/** The folders of test/ that are not about one layer of src/, and what each holds. */
const SUITES: { [folder: string]: string } = {
  'apiserver': 'the upstream API-server validators (Go) that check every synthesized manifest',
  'architecture': 'the layers of src/ and the layout of test/',
  'celcost': 'a Go tool that measures the admission policies\' CEL cost with the API server\'s own CEL environment',
  'cluster': 'a real control plane (kube-apiserver, controllers, scheduler, kwok nodes) that admits and places what the library writes',
  'conformance': 'the rule engine against the upstream API server',
  'corpus': 'manifests modeled on published Windows workloads',
  'docs': 'the generated docs and their links',
  'examples': 'the example apps of examples/',
  'fresh-app': 'a new user\'s app with the packed package and the real cdk8s CLI',
  'package': 'what users install and pin',
  'property': 'generated inputs across layers',
  'smoke': 'the jsii packages used from Python, Java and Go',
  'support': 'helpers shared by the tests',
};

/** Bottom to top. The CLI and the plugin stand beside the constructs, on the engine. */
const LAYER_RANK: { [folder: string]: number } = {
  'model': 0, 'rules': 1, 'engine': 2, 'admission-policy': 3, 'synthesis': 3, 'constructs': 4, 'cli': 4, 'plugin': 4, '(index)': 5,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top folder of a file under src/ (`(index)` for files directly in src/). */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? '(index)' : parts[0];
}

/** Folder-level edges `from -> to` with the number of imports behind each. */
function folderGraph(): Map<string, number> {
  const edges = new Map<string, number>();
  for (const file of sourceFiles(SRC)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']*)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]);
      const resolved = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
      expect(fs.existsSync(resolved)).toBe(true);
      const from = folderOf(file);
      const to = folderOf(resolved);
      if (from !== to) edges.set(`${from} -> ${to}`, (edges.get(`${from} -> ${to}`) ?? 0) + 1);
    }
  }
  return edges;
}

/** Edges that do not go down a layer (same-rank folders may not import each other either). */
function upwardEdges(edges: string[]): string[] {
  return edges.filter(edge => {
    const [from, to] = edge.split(' -> ');
    return LAYER_RANK[to] >= LAYER_RANK[from];
  });
}

test('every folder of src/ is a known layer', () => {
  const folders = new Set(sourceFiles(SRC).map(folderOf));
  expect([...folders].filter(folder => LAYER_RANK[folder] === undefined)).toEqual([]);
});

test('the folder-level import graph of src/ has no cycle and only goes down', () => {
  const graph = folderGraph();
  // eslint-disable-next-line no-console
  console.log(`folder-level imports of src/:\n${[...graph].sort().map(([edge, count]) => `  ${edge} (${count})`).join('\n')}`);
  expect(upwardEdges([...graph.keys()])).toEqual([]);
  // Only-down edges leave no room for a cycle; check it directly all the same.
  const next = new Map<string, string[]>();
  for (const edge of graph.keys()) {
    const [from, to] = edge.split(' -> ');
    next.set(from, [...next.get(from) ?? [], to]);
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cycles: string[] = [];
  const visit = (node: string, trail: string[]) => {
    if (done.has(node)) return;
    if (visiting.has(node)) {
      cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
      return;
    }
    visiting.add(node);
    for (const to of next.get(node) ?? []) visit(to, [...trail, node]);
    visiting.delete(node);
    done.add(node);
  };
  for (const node of next.keys()) visit(node, []);
  expect(cycles).toEqual([]);
});

test('an upward edge is reported', () => {
  expect(upwardEdges(['rules -> engine', 'engine -> rules', 'cli -> constructs', 'constructs -> model'])).toEqual(['rules -> engine', 'cli -> constructs']);
});

describe('test/ mirrors src/', () => {
  const folders = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name).sort();
  const layers = folders(SRC);

  test('every folder of src/ has a test folder of the same name', () => {
    expect(layers.filter(layer => !fs.existsSync(path.join(TEST, layer)))).toEqual([]);
  });

  test('every folder of test/ is a folder of src/ or a suite listed here', () => {
    expect(folders(TEST).filter(folder => !layers.includes(folder) && SUITES[folder] === undefined)).toEqual([]);
    // A listed suite that no longer exists is a stale entry, and a suite may not shadow a layer.
    expect(Object.keys(SUITES).filter(suite => !fs.existsSync(path.join(TEST, suite)) || layers.includes(suite))).toEqual([]);
  });

  test('no test file sits at the top of test/', () => {
    expect(fs.readdirSync(TEST).filter(file => file.endsWith('.test.ts'))).toEqual([]);
  });

  test('the topics of src/rules/ and test/rules/ are the same (helpers in lib/)', () => {
    expect(folders(path.join(TEST, 'rules'))).toEqual(folders(path.join(SRC, 'rules')));
  });
});
