// Benchmark of `cdk8s-windows check`:
// 1. throughput: a corpus of 10,000 mixed documents (Deployments, DaemonSets, CronJobs, Services,
//    ConfigMaps; some Windows, some not; block-style YAML as people write it) in several files,
//    checked with text output to a null sink, against parsing the same files with js-yaml alone
//    and with the `yaml` package alone, with default options, in alternating rounds. Target:
//    check / fastest parse <= 1.5. Also printed: js-yaml with the options the checker itself
//    parses with. Measured in a child process, plain node on a transpiled copy of src/, as the
//    command runs (see bench/check-throughput.ts).
// 2. memory: peak RSS (process.resourceUsage().maxRSS) of the check in a child process (plain
//    node on the same transpiled copy, so no TypeScript compiler in memory) at 10,000 and 100,000
//    documents, each in one file (the larger about 100 MB). Target: at most 1.5x higher at 100,000.
//    The check reads files in 64 KiB chunks and keeps what it needs to the end off the JavaScript
//    heap (src/cli/arena.ts), so the difference is mostly the garbage collector's headroom.
// 3. kubeconform on the same corpus, when it can be built (`go install`, Go module proxy): with
//    local JSON schemas generated from the Kubernetes 1.27 OpenAPI spec in the Go module cache (a
//    conversion like kubeconform's openapi2jsonschema: references inlined, int-or-string and
//    quantities as oneOf, additional properties allowed as in its default non-strict mode), and
//    with no schemas at all (-ignore-missing-schemas: it then only parses, validating nothing).
//
// Run: npx projen bench:check
// Environment: BENCH_ROUNDS (9), BENCH_KEEP=1 keeps the temp dir, KUBECONFORM=<path> uses that binary.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ThroughputResult } from './check-throughput';
import { transpileSources } from './support/transpile';

/** The kubeconform release built when none is given or on PATH. */
const KUBECONFORM_VERSION = 'v0.6.7';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/** Rounds of the `yaml` package (ten times slower than js-yaml; a few rounds tell that). */
const YAML_PACKAGE_ROUNDS = 3;
const SMALL = 10_000;
const LARGE = 100_000;
const ROOT = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// Corpus

/** A small deterministic PRNG (Park-Miller), so every run checks the same corpus. */
function prng(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = state * 48271 % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const WINDOWS_IMAGES = [
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
  'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
  'mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022',
];
const LINUX_IMAGES = ['nginx:1.27', 'redis:7.2', 'ghcr.io/example/api:2.4.1', 'quay.io/prometheus/node-exporter:v1.8.1'];

function windowsPlacement(indent: string): string {
  return `${indent}os:
${indent}  name: windows
${indent}nodeSelector:
${indent}  kubernetes.io/os: windows
${indent}  node.kubernetes.io/windows-build: "10.0.20348"
${indent}tolerations:
${indent}  - key: os
${indent}    operator: Equal
${indent}    value: windows
${indent}    effect: NoSchedule
${indent}securityContext:
${indent}  runAsNonRoot: true
${indent}  windowsOptions:
${indent}    runAsUserName: ContainerUser
`;
}

function container(indent: string, name: string, image: string, flawed: boolean): string {
  return `${indent}- name: ${name}
${indent}  image: ${image}
${indent}  ports:
${indent}    - containerPort: 8080
${indent}      name: http
${indent}  env:
${indent}    - name: ASPNETCORE_URLS
${indent}      value: "http://+:8080"
${indent}    - name: LOG_LEVEL
${indent}      value: info
${indent}  resources:
${indent}    requests:
${indent}      cpu: 250m
${indent}      memory: 512Mi
${indent}    limits:
${indent}      cpu: "1"
${indent}      memory: 512Mi
${indent}  readinessProbe:
${indent}    httpGet:
${indent}      path: /healthz
${indent}      port: 8080
${indent}    periodSeconds: 10
` + (flawed ? `${indent}  securityContext:
${indent}    privileged: false
${indent}    runAsUser: 1000
` : '');
}

function deployment(i: number, windows: boolean, flawed: boolean, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 17}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${1 + i % 4}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${i}
        app.kubernetes.io/part-of: shop
    spec:
${windows ? windowsPlacement('      ') : ''}      containers:
${container('        ', 'web', image, flawed)}`;
}

function daemonSet(i: number, windows: boolean): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${i}
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: agent-${i}
  template:
    metadata:
      labels:
        app: agent-${i}
    spec:
${windows ? windowsPlacement('      ') : '      nodeSelector:\n        kubernetes.io/os: linux\n'}      containers:
${container('        ', 'agent', windows ? WINDOWS_IMAGES[2] : LINUX_IMAGES[3], false)}`;
}

function cronJob(i: number): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup-${i}
  namespace: team-${i % 17}
spec:
  schedule: "*/15 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        metadata:
          labels:
            job: cleanup-${i}
        spec:
          restartPolicy: OnFailure
${windowsPlacement('          ')}          containers:
${container('            ', 'cleanup', WINDOWS_IMAGES[2], false)}`;
}

function service(target: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${target}
  namespace: team-${target % 17}
  labels:
    app.kubernetes.io/name: app-${target}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app-${target}
  ports:
    - name: http
      port: 80
      targetPort: 8080
      protocol: TCP
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-${i}
  namespace: team-${i % 17}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout,search"
  appsettings.json: |
    {
      "Logging": { "LogLevel": { "Default": "Information" } },
      "AllowedHosts": "*"
    }
  notes.md: |
    # Release notes
    ---
    Lines that look like document markers are fine inside an indented block scalar.
  nginx.conf: |
    worker_processes auto;
    events {
      worker_connections 1024;
    }
    http {
      include       mime.types;
      default_type  application/octet-stream;
      sendfile        on;
      keepalive_timeout  65;
      gzip on;
      gzip_types text/plain text/css application/json application/javascript;
      server {
        listen       8080;
        server_name  settings-${i}.team-${i % 17}.svc.cluster.local;
        location / {
          proxy_pass http://app-${i}.team-${i % 17}.svc.cluster.local:80;
          proxy_set_header Host $host;
          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
        location /healthz {
          return 200 "ok";
        }
      }
    }
`;
}

/** The i-th document of the corpus: a mix of kinds, most Windows workloads clean. */
function documentAt(i: number, random: () => number): string {
  switch (i % 10) {
    case 0: case 3: case 7: {
      const linux = i % 10 === 7;
      const windowsImageOnLinux = linux && random() < 0.05;
      const image = linux ? (windowsImageOnLinux ? WINDOWS_IMAGES[1] : LINUX_IMAGES[i % 3]) : WINDOWS_IMAGES[i % 2];
      return deployment(i, !linux, !linux && random() < 0.1, image);
    }
    case 1: return daemonSet(i, random() < 0.5);
    case 2: return cronJob(i);
    case 4: return service(i - 4);
    case 5: return service(i - 2);
    default: return configMap(i);
  }
}

/** Writes `count` documents into `files` files under `dir`; returns the total size in bytes. */
function generate(dir: string, count: number, files: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const random = prng(42);
  const perFile = Math.ceil(count / files);
  let bytes = 0;
  for (let f = 0, i = 0; f < files && i < count; f++) {
    const fd = fs.openSync(path.join(dir, `manifests-${String(f).padStart(3, '0')}.yaml`), 'w');
    let buffer: string[] = [];
    for (let n = 0; n < perFile && i < count; n++, i++) {
      buffer.push(`---\n# document ${i}\n${documentAt(i, random)}`);
      if (buffer.length === 1000) {
        const text = buffer.join('');
        bytes += Buffer.byteLength(text);
        fs.writeSync(fd, text);
        buffer = [];
      }
    }
    const text = buffer.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    fs.closeSync(fd);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Measurements

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (docs: number, ms: number) => `${Math.round(docs / (ms / 1000)).toLocaleString('en-US')} docs/s`;

/**
 * Transpiles src/ and bench/check-throughput.ts into `out`, in the same layout (plain JS, no
 * TypeScript at run time), for the children.
 */
function transpileWithChildren(out: string): void {
  transpileSources(out, [path.join(ROOT, 'bench', 'check-throughput.ts')]);
  fs.writeFileSync(path.join(out, 'child.js'), `
const { Readable, Writable } = require('stream');
const { run } = require('./src/cli/run');
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
run(['check', process.argv[2]], { stdin: Readable.from([]), stdout: sink(), stderr: sink() }).then(status => {
  process.stdout.write(JSON.stringify({ status, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
});
`);
}

/** Runs `script` of the transpiled copy `out` in plain node; its last line of output, as JSON. */
function runChild<T>(out: string, nodeArgs: string[], script: string, args: string[]): T {
  const result = spawnSync(process.execPath, [...nodeArgs, path.join(out, script), ...args], {
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim());
}

/** The throughput rounds (see bench/check-throughput.ts). */
function childThroughput(out: string, corpus: string): ThroughputResult {
  return runChild(out, ['--expose-gc'], path.join('bench', 'check-throughput.js'), [corpus, String(ROUNDS), String(YAML_PACKAGE_ROUNDS)]);
}

function childRss(out: string, target: string): { status: number; maxRssKiB: number; ms: number } {
  const start = Date.now();
  const measured = runChild<{ status: number; maxRssKiB: number }>(out, [], 'child.js', [target]);
  return { ...measured, ms: Date.now() - start };
}

// ---------------------------------------------------------------------------------------------
// kubeconform

function findKubeconform(tmp: string): { binary?: string; note: string } {
  if (process.env.KUBECONFORM) return { binary: process.env.KUBECONFORM, note: `KUBECONFORM=${process.env.KUBECONFORM}` };
  const onPath = spawnSync('sh', ['-c', 'command -v kubeconform'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return { binary: onPath.stdout.trim(), note: 'from PATH' };
  const gobin = path.join(tmp, 'gobin');
  const build = spawnSync('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' }, encoding: 'utf8', timeout: 300_000,
  });
  const binary = path.join(gobin, 'kubeconform');
  if (build.status === 0 && fs.existsSync(binary)) return { binary, note: 'built with go install' };
  return { note: `could not be built: ${(build.error?.message ?? build.stderr ?? '').trim().split('\n').pop()}` };
}

/** The Kubernetes OpenAPI v2 spec in the Go module cache (test/apiserver depends on k8s.io/kubernetes). */
function findSwagger(): string | undefined {
  const gomodcache = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout?.trim();
  if (!gomodcache) return undefined;
  const dir = path.join(gomodcache, 'k8s.io');
  if (!fs.existsSync(dir)) return undefined;
  // The 1.27 schemas: the release the checker's default target was measured against.
  const candidates = fs.readdirSync(dir).filter(d => d === 'kubernetes@v1.27.16');
  for (const candidate of candidates) {
    const file = path.join(dir, candidate, 'api', 'openapi-spec', 'swagger.json');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Standalone JSON schemas for kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` layout, like
 * openapi2jsonschema writes them: references inlined, int-or-string and quantities as oneOf.
 */
function writeSchemas(swaggerFile: string, out: string, kinds: Array<[string, string, string]>): void {
  const swagger = JSON.parse(fs.readFileSync(swaggerFile, 'utf8'));
  const definitions: { [name: string]: any } = swagger.definitions;
  const inline = (node: any, stack: string[]): any => {
    if (Array.isArray(node)) return node.map(n => inline(n, stack));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/definitions/', '');
      if (stack.includes(name)) return {};
      if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
      if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return { oneOf: [{ type: 'string' }, { type: 'number' }] };
      return inline(definitions[name], [...stack, name]);
    }
    const copy: any = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-kubernetes-group-version-kind' || key.startsWith('x-kubernetes-')) continue;
      copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, inline(v, stack)])) : inline(value, stack);
    }
    if (copy.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    return copy;
  };
  fs.mkdirSync(out, { recursive: true });
  for (const [definition, kind, suffix] of kinds) {
    const schema = { $schema: 'http://json-schema.org/schema#', ...inline(definitions[definition], [definition]) };
    fs.writeFileSync(path.join(out, `${kind}${suffix}.json`), JSON.stringify(schema));
  }
}

function timeKubeconform(binary: string, args: string[], dir: string): { ms: number; summary: string; status: number | null } {
  const start = process.hrtime.bigint();
  const result = spawnSync(binary, [...args, '-summary', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const summary = `${result.stdout}`.trim().split('\n').pop() ?? '';
  return { ms, summary, status: result.status };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-check-bench-'));
  try {
    const corpus = path.join(tmp, 'corpus-10k');
    const bytes = generate(corpus, SMALL, 10);
    console.log(`corpus: ${SMALL.toLocaleString('en-US')} documents in 10 files, ${(bytes / 1e6).toFixed(1)} MB (${os.cpus().length} CPUs, node ${process.version})`);

    const lib = path.join(tmp, 'transpiled');
    transpileWithChildren(lib);

    const measured = childThroughput(lib, corpus);
    const { check, jsYaml: jsy, jsYamlCheckerSchema: jsyChecker, yamlPackage: yml, yamlParser } = measured;
    // The best of the rounds estimates each cost with the least noise from other processes; the
    // median is printed beside it.
    const best = (values: number[]) => Math.min(...values);
    const line = (name: string, values: number[]) =>
      `  ${name.padEnd(36)} best ${best(values).toFixed(0).padStart(5)} ms  ${rate(SMALL, best(values)).padStart(16)}   median ${median(values).toFixed(0).padStart(5)} ms`;
    console.log(`throughput, ${ROUNDS} alternating rounds (${Math.min(ROUNDS, YAML_PACKAGE_ROUNDS)} of the yaml package), child process, plain node:`);
    console.log(line('cdk8s-windows check (text output)', check));
    console.log(line('js-yaml loadAll only', jsy));
    console.log(line('js-yaml loadAll, checker\'s schema', jsyChecker));
    console.log(line('yaml parseAllDocuments + toJS only', yml));
    // What the checker's own splitter (src/cli/input.ts) does, the yaml package's Parser could do:
    // its time alone, before any value is built, shows whether it could.
    console.log(line('yaml Parser alone (tokens, no values)', yamlParser));
    console.log(`  check result: exit ${measured.status}; ${measured.summary}`);
    // The reference is js-yaml with its default options; the checker's own options (the
    // Kubernetes schema: no timestamps, fewer types to try) parse faster, so both ratios are shown.
    // Three estimates: best / best, median / median, and the median of each round's own ratio
    // (the check and the parses of one round run back to back, so a slow spell of the machine
    // weighs on both sides of that ratio alike).
    const ratio = (against: number[][]) => {
      const perRound = check.map((ms, i) => ms / Math.min(...against.map(values => values[i] ?? Infinity)));
      return `${(best(check) / Math.min(...against.map(best))).toFixed(2)} best, `
        + `${(median(check) / Math.min(...against.map(median))).toFixed(2)} median, `
        + `${median(perRound).toFixed(2)} median per round (${Math.min(...perRound).toFixed(2)} to ${Math.max(...perRound).toFixed(2)})`;
    };
    console.log(`  ratio check / fastest parse with default options: ${ratio([jsy, yml])} (target <= 1.5)`);
    console.log(`  ratio check / js-yaml with the checker's schema:  ${ratio([jsyChecker])}`);

    // Peak RSS in children, one file each.
    const small = path.join(tmp, 'single-10k');
    const large = path.join(tmp, 'single-100k');
    const smallBytes = generate(small, SMALL, 1);
    const largeBytes = generate(large, LARGE, 1);
    // Peak RSS varies by a few MiB from run to run (when the collector runs): median of 3 each.
    const medianRss = (dir: string) => {
      const runs = [childRss(lib, dir), childRss(lib, dir), childRss(lib, dir)].sort((a, b) => a.maxRssKiB - b.maxRssKiB);
      return runs[1];
    };
    const rssSmall = medianRss(small);
    const rssLarge = medianRss(large);
    console.log('peak RSS of the check (child process, plain node, one file, median of 3 runs):');
    console.log(`  ${SMALL.toLocaleString('en-US')} documents (${(smallBytes / 1e6).toFixed(1)} MB): ${(rssSmall.maxRssKiB / 1024).toFixed(0)} MiB, ${rssSmall.ms} ms, exit ${rssSmall.status}`);
    console.log(`  ${LARGE.toLocaleString('en-US')} documents (${(largeBytes / 1e6).toFixed(1)} MB): ${(rssLarge.maxRssKiB / 1024).toFixed(0)} MiB, ${rssLarge.ms} ms, exit ${rssLarge.status}`);
    console.log(`  ratio ${LARGE.toLocaleString('en-US')} / ${SMALL.toLocaleString('en-US')}: ${(rssLarge.maxRssKiB / rssSmall.maxRssKiB).toFixed(2)} (target <= 1.5)`);

    // kubeconform.
    const { binary, note } = findKubeconform(tmp);
    if (!binary) {
      console.log(`kubeconform: ${note}`);
      return;
    }
    const version = spawnSync(binary, ['-v'], { encoding: 'utf8' }).stdout.trim();
    // The checker as a whole process, as a user runs it (node start-up, loading, the check, the
    // report), on the same corpus: what compares with kubeconform's process.
    const checkProcess = [0, 1, 2].map(() => {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [path.join(lib, 'src', 'cli', 'main.js'), 'check', corpus], {
        env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      });
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: result.status };
    });
    const checkMs = median(checkProcess.map(r => r.ms));
    console.log(`cdk8s-windows check as a process, same corpus, median of 3 runs: ${checkMs.toFixed(0)} ms  ${rate(SMALL, checkMs)}  (exit ${checkProcess[0].status})`);
    console.log(`kubeconform ${version} (${note}), same 10,000-document corpus, median of 3 runs, wall clock of the process:`);
    const swagger = findSwagger();
    let schemaMs: number | undefined;
    const runs = (args: string[]) => {
      const results = [0, 1, 2].map(() => timeKubeconform(binary, args, corpus));
      const ms = median(results.map(r => r.ms));
      return { ms, summary: results[0].summary, status: results[0].status };
    };
    if (swagger) {
      const schemas = path.join(tmp, 'schemas');
      writeSchemas(swagger, schemas, [
        ['io.k8s.api.apps.v1.Deployment', 'deployment', '-apps-v1'],
        ['io.k8s.api.apps.v1.DaemonSet', 'daemonset', '-apps-v1'],
        ['io.k8s.api.batch.v1.CronJob', 'cronjob', '-batch-v1'],
        ['io.k8s.api.core.v1.Service', 'service', '-v1'],
        ['io.k8s.api.core.v1.ConfigMap', 'configmap', '-v1'],
      ]);
      const location = ['-schema-location', `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`];
      for (const workers of ['1', String(Math.min(4, os.cpus().length))]) {
        const r = runs([...location, '-n', workers]);
        schemaMs = Math.min(schemaMs ?? Infinity, r.ms);
        console.log(`  with Kubernetes 1.27 schemas (from ${path.relative(os.homedir(), swagger)}), -n ${workers}: ${r.ms.toFixed(0)} ms  ${rate(SMALL, r.ms)}  (exit ${r.status}; ${r.summary})`);
      }
    } else {
      console.log('  no Kubernetes OpenAPI spec in the Go module cache: no schema-validating run');
    }
    const empty = path.join(tmp, 'no-schemas');
    fs.mkdirSync(empty);
    const r = runs(['-ignore-missing-schemas', '-schema-location', `${empty}/{{ .ResourceKind }}.json`, '-n', '1']);
    console.log(`  no schemas (-ignore-missing-schemas, validates nothing, parses only), -n 1: ${r.ms.toFixed(0)} ms  ${rate(SMALL, r.ms)}  (exit ${r.status}; ${r.summary})`);
    if (schemaMs !== undefined) {
      console.log(`  ratio kubeconform (schemas, its faster run) / cdk8s-windows check, whole processes: ${(schemaMs / checkMs).toFixed(2)} (target >= 1.5)`);
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
