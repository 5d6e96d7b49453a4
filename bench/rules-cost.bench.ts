// Benchmark: what the rules cost per object at synthesis and in the command-line checker, on the
// same 1,000 WindowsDeployments + Services. Both paths run the rules through the one check plan
// (src/engine/check-plan.ts); this times every call of the engine's runRules in each, in the same
// process and alternating rounds, and prints microseconds per checked object and their ratio.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { TargetProfile, WindowsDeployment } from '../src';
import { check } from '../src/cli/run';
import * as engine from '../src/engine/run-rules';

const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// Every runRules call, timed: the engine's own entry point, called by synthesis and the checker alike.
const runRules = engine.runRules;
let spent = 0n;
let objects = 0;
let calls = 0;
(engine as { runRules: typeof runRules }).runRules = (...args: Parameters<typeof runRules>) => {
  const start = process.hrtime.bigint();
  try {
    return runRules(...args);
  } finally {
    spent += process.hrtime.bigint() - start;
    objects += args[0].length;
    calls++;
  }
};
const measure = async (work: () => unknown) => {
  spent = 0n; objects = 0; calls = 0;
  await work();
  return { micros: Number(spent) / 1e3 / objects, objects, calls };
};

function build(): Chart {
  const chart = new Chart(Testing.app(), 'bench');
  for (let i = 0; i < COUNT; i++) {
    new WindowsDeployment(chart, `app${i}`, {
      replicas: 2,
      containers: [{ name: 'web', image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022', portNumber: 80 }],
    }).exposeViaService({ ports: [{ port: 80, targetPort: 80 }] });
  }
  return chart;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  // Findings printed at synthesis are not what is measured.
  const writeStderr = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: any, ...rest: any[]) => (String(chunk).startsWith('[') ? true : writeStderr(chunk, ...rest))) as any;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-cost-'));
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(file, (App.of(build()) as App).synthYaml());
  const profile = TargetProfile.of();

  const synthesis: number[] = [];
  const cli: number[] = [];
  let last = { synthesisCalls: 0, synthesisObjects: 0, cliObjects: 0 };
  for (let round = -1; round < ROUNDS; round++) {
    const chart = build();
    const s = await measure(() => (App.of(chart) as App).synthYaml());
    const c = await measure(() => check([file], { profile }));
    if (round < 0) continue; // warm-up
    synthesis.push(s.micros);
    cli.push(c.micros);
    last = { synthesisCalls: s.calls, synthesisObjects: s.objects, cliObjects: c.objects };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`rules per checked object, ${COUNT} WindowsDeployments + Services, median of ${ROUNDS} rounds`);
  console.log(`  synthesis (app.synthYaml): ${median(synthesis).toFixed(2)} us/object (${last.synthesisObjects} objects checked in ${last.synthesisCalls} calls)`);
  console.log(`  checker (cdk8s-windows check on the same YAML): ${median(cli).toFixed(2)} us/object (${last.cliObjects} objects)`);
  console.log(`  ratio synthesis / checker: ${(median(synthesis) / median(cli)).toFixed(2)}`);
}

void main();
