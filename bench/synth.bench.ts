// Benchmark: synthesize N WindowsDeployments with Services against the same app built from plain
// kplus.Deployments, in one process, alternating rounds so machine noise hits both alike.
// Prints the time ratio (Windows / plain); the target is at most 1.15.
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { WindowsDeployment } from '../src';

const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const containerProps = (i: number): kplus.ContainerProps => ({
  name: 'web',
  image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
  portNumber: 80,
  envVariables: { INDEX: kplus.EnvValue.fromValue(String(i)) },
  readiness: kplus.Probe.fromHttpGet('/healthz', { port: 80 }),
});

function build(windows: boolean): Chart {
  const chart = new Chart(Testing.app(), 'bench');
  for (let i = 0; i < COUNT; i++) {
    const props = { replicas: 2, containers: [containerProps(i)] };
    const deployment = windows ? new WindowsDeployment(chart, `app${i}`, props) : new kplus.Deployment(chart, `app${i}`, props);
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 80 }] });
  }
  return chart;
}

/** Builds the app and synthesizes it: the chart as `Testing.synth` does, or the app to YAML as `cdk8s synth` does. */
function timeSynth(windows: boolean, whole: 'chart' | 'app'): number {
  const start = process.hrtime.bigint();
  const chart = build(windows);
  const documents = whole === 'chart' ? Testing.synth(chart).length : (App.of(chart) as App).synthYaml().split(/^kind: /m).length - 1;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (documents !== 2 * COUNT) throw new Error(`expected ${2 * COUNT} manifests, got ${documents}`);
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Findings printed at synthesis are not what is measured: silence them, keep errors visible.
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: any, ...rest: any[]) => (String(chunk).startsWith('[') ? true : writeStderr(chunk, ...rest))) as any;
for (const whole of ['chart', 'app'] as const) {
  timeSynth(false, whole); timeSynth(true, whole); // warm up the JIT
  const plain: number[] = [];
  const windows: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(timeSynth(false, whole));
    windows.push(timeSynth(true, whole));
  }
  const ratio = median(windows) / median(plain);
  const how = whole === 'chart' ? 'Testing.synth(chart)' : 'app.synthYaml(), as cdk8s synth';
  console.log(`build and synthesize ${COUNT} Deployments + Services with ${how}, median of ${ROUNDS} rounds`);
  console.log(`  plain kplus.Deployment:  ${median(plain).toFixed(0)} ms`);
  console.log(`  WindowsDeployment:       ${median(windows).toFixed(0)} ms`);
  console.log(`  ratio Windows / plain:   ${ratio.toFixed(3)} (target <= 1.15)`);
}
