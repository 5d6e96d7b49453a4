// The throughput half of bench/check.bench.ts. It runs in a child process: plain node on a
// transpiled copy of src/ and of this file, the way the `cdk8s-windows` command runs. The
// benchmark's own process runs under ts-node, which keeps the TypeScript compiler in its heap
// (about 130 MB); measured there, both the check and parsing alone ran slower, the check more so
// (its young-generation collections took 1.4 ms each there, 0.8 ms in plain node).
//
// Usage: node --expose-gc check-throughput.js <corpus dir> <rounds> <rounds of the yaml package>
// Prints one line of JSON: the times of each round, in milliseconds.
import * as fs from 'fs';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { JS_YAML_OPTIONS } from '../src/cli/locate';
import { run } from '../src/cli/run';

/** What the parent reads back. */
export interface ThroughputResult {
  readonly check: number[];
  readonly jsYaml: number[];
  readonly jsYamlCheckerSchema: number[];
  readonly yamlPackage: number[];
  /** The `yaml` package's streaming Parser alone (concrete syntax tokens, no values): what could split the input. */
  readonly yamlParser: number[];
  /** Exit status and summary line of the last check. */
  readonly status: number;
  readonly summary: string;
}

const nullSink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });

async function timeCheck(dir: string): Promise<{ ms: number; status: number; summary: string }> {
  let text = '';
  const stdout = new Writable({
    write: (chunk, _encoding, callback) => {
      text = String(chunk); // keep only the last write (the report); the sink discards the rest
      callback();
    },
  });
  const start = process.hrtime.bigint();
  const status = await run(['check', dir], { stdin: Readable.from([]), stdout, stderr: nullSink() });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const summary = text.trimEnd().split('\n').pop() ?? '';
  return { ms, status, summary };
}

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir).sort().map(f => path.join(dir, f));
}

/** js-yaml alone: with its default options, or with the options the checker parses with (its Kubernetes schema). */
function timeJsYaml(dir: string, options?: jsyaml.LoadOptions): number {
  const start = process.hrtime.bigint();
  let docs = 0;
  for (const file of filesOf(dir)) jsyaml.loadAll(fs.readFileSync(file, 'utf8'), () => docs++, options);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function timeYamlPackage(dir: string): number {
  const start = process.hrtime.bigint();
  for (const file of filesOf(dir)) for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')) as YAML.Document[]) doc.toJS();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The `yaml` package's Parser over each file, tokens only: the least it could do to split documents and find lines. */
function timeYamlParser(dir: string): number {
  const start = process.hrtime.bigint();
  let documents = 0;
  for (const file of filesOf(dir)) {
    for (const token of new YAML.Parser().parse(fs.readFileSync(file, 'utf8'))) if (token.type === 'document') documents++;
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A full garbage collection (the parent starts this child with `--expose-gc`). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc!();
}

async function main(): Promise<void> {
  const [dir, roundsArgument, yamlRoundsArgument] = process.argv.slice(2);
  const rounds = Number(roundsArgument);
  const yamlRounds = Number(yamlRoundsArgument);
  await timeCheck(dir); timeJsYaml(dir); timeJsYaml(dir, JS_YAML_OPTIONS); timeYamlPackage(dir); timeYamlParser(dir); // warm up
  const result = { check: [] as number[], jsYaml: [] as number[], jsYamlCheckerSchema: [] as number[], yamlPackage: [] as number[], yamlParser: [] as number[], status: 0, summary: '' };
  // Alternating rounds, so machine noise hits each alike. Each measurement starts from a
  // collected heap: otherwise one pays for the garbage the one before it left (the `yaml`
  // package leaves a lot), and the order of the rounds decides.
  for (let round = 0; round < rounds; round++) {
    collectGarbage();
    const last = await timeCheck(dir);
    result.check.push(last.ms);
    result.status = last.status;
    result.summary = last.summary;
    collectGarbage();
    result.jsYaml.push(timeJsYaml(dir));
    collectGarbage();
    result.jsYamlCheckerSchema.push(timeJsYaml(dir, JS_YAML_OPTIONS));
    // The yaml package is ten times slower than js-yaml: a few rounds tell that.
    if (round < yamlRounds) {
      collectGarbage();
      result.yamlPackage.push(timeYamlPackage(dir));
      collectGarbage();
      result.yamlParser.push(timeYamlParser(dir));
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
