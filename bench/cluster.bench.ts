// Benchmark of `cdk8s-windows check --cluster`: 5,000 pods planted in the 1.37 test cluster
// (test/cluster/harness.ts; kwok plays the nodes, and a scheduling gate keeps the pods unscheduled,
// so only the API server and etcd hold them), checked by
//   A. cdk8s-windows check --cluster
//   B. kubectl get <the same kinds> -A -o yaml | cdk8s-windows check -
// in alternating rounds, text output to /dev/null, each a whole command (process start included),
// plain node on a transpiled copy of src/ (as the command runs). Prints the medians and B / A, and
// checks that both report the same counts.
//
// Run: npx ts-node --project test/tsconfig.json bench/cluster.bench.ts
// Environment: BENCH_ROUNDS (5), BENCH_PODS (5000).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transpileSources } from './support/transpile';
import { CLUSTER_RESOURCES } from '../src/cli/cluster';
import { clusterBinary, TestCluster } from '../test/cluster/harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PODS = Number(process.env.BENCH_PODS ?? 5000);
const BATCH = 500;
const ROOT = path.resolve(__dirname, '..');

/** The i-th planted pod: a mix of clean Windows pods, Windows pods with a Linux-only field, Linux pods and unplaced Windows images. */
function pod(i: number): object {
  const windows = { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' };
  const kind = i % 4;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench', labels: { app: `app-${i % 50}` } },
    spec: {
      schedulingGates: [{ name: 'bench.cdk8s-windows.io/hold' }],
      automountServiceAccountToken: false,
      // The API server refuses `privileged` on a pod with `os.name: windows`: the flawed ones place by selector only.
      ...(kind === 0 ? { os: { name: 'windows' } } : {}),
      ...(kind === 0 || kind === 1 ? { nodeSelector: windows, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] } : {}),
      containers: [{
        name: 'app',
        image: kind === 2 ? 'nginx:1.27' : 'mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022',
        ...(kind === 1 ? { securityContext: { privileged: false } } : {}),
        resources: { limits: { memory: '512Mi', cpu: '500m' }, requests: { memory: '512Mi', cpu: '500m' } },
        env: [{ name: 'INDEX', value: String(i) }],
      }],
    },
  };
}


function timed(command: string, env: NodeJS.ProcessEnv): { ms: number; summary: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', command], { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  return { ms, summary: result.stdout.trim().split('\n').pop() ?? '' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-cluster-bench-'));
  const cluster = TestCluster.start('1.37');
  try {
    const cli = transpileSources(path.join(tmp, 'transpiled'));
    cluster.kubectlOk(['create', 'namespace', 'bench']);
    const plantStart = Date.now();
    for (let from = 0; from < PODS; from += BATCH) {
      const items = Array.from({ length: Math.min(BATCH, PODS - from) }, (_, k) => pod(from + k));
      cluster.kubectlOk(['create', '-f', '-', '-o', 'name'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    }
    console.log(`planted ${PODS} pods in ${((Date.now() - plantStart) / 1000).toFixed(1)} s`);
    const kubectl = clusterBinary('1.37', 'kubectl');
    const kinds = CLUSTER_RESOURCES.map(r => `${r.resource}${r.apiVersion.includes('/') ? `.${r.apiVersion.split('/')[0]}` : ''}`).join(',');
    const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), KUBECONFIG: cluster.kubeconfig };
    const commands = {
      cluster: `node ${cli} check --cluster > ${tmp}/a.txt; tail -1 ${tmp}/a.txt`,
      pipe: `${kubectl} --cache-dir ${tmp}/cache get ${kinds} -A -o yaml | node ${cli} check - > ${tmp}/b.txt; tail -1 ${tmp}/b.txt`,
    };
    const times: { [name: string]: number[] } = { cluster: [], pipe: [] };
    const summaries: { [name: string]: string } = {};
    // One warm-up each (disk caches, kubectl's discovery cache), then alternating rounds.
    for (const [name, command] of Object.entries(commands)) summaries[name] = timed(command, env).summary;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, command] of Object.entries(commands)) times[name].push(timed(command, env).ms);
    }
    const a = median(times.cluster);
    const b = median(times.pipe);
    console.log(`A  check --cluster:                         median ${a.toFixed(0)} ms  (${times.cluster.map(t => t.toFixed(0)).join(', ')})`);
    console.log(`B  kubectl get ... -A -o yaml | check -:    median ${b.toFixed(0)} ms  (${times.pipe.map(t => t.toFixed(0)).join(', ')})`);
    console.log(`ratio B / A = ${(b / a).toFixed(2)} (A is ${b > a ? 'faster' : 'slower'})`);
    console.log(`A: ${summaries.cluster}`);
    console.log(`B: ${summaries.pipe}`);
    const counts = (s: string) => s.replace(/^checked (\d+ objects?) in [^:]+:/, '$1:');
    if (counts(summaries.cluster) !== counts(summaries.pipe)) console.log('WARNING: the two report different counts');
  } finally {
    cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
