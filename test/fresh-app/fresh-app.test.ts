// A new user's app, end to end: laid out as `cdk8s init typescript-app` lays it out (without
// `cdk8s import`, which needs the internet), with the packed tarball of this package, cdk8s-plus-27
// AND cdk8s-plus-33 installed from the registry, synthesized by the real `cdk8s synth` with the
// validation plugin configured exactly as the README says. Run by `npx projen test:fresh-app`
// (after a jsii compile), not by the unit suite: it installs packages and takes a minute or two.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsyaml from 'js-yaml';

const ROOT = path.join(__dirname, '..', '..');
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-fresh-app-'));
const APP = path.join(WORK, 'windows-app');
let packed: { files: Array<{ path: string; mode: number }>; filename: string };

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr together. */
  readonly output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, { cwd: APP, encoding: 'utf-8', env: { ...process.env, ...env }, timeout: 600_000 });
  const output = `${result.stdout}\n${result.stderr}`;
  // eslint-disable-next-line no-console
  console.log(`$ ${[command, ...args].join(' ')}${Object.keys(env).length ? ` (${JSON.stringify(env)})` : ''}\nexit ${result.status}\n${output.trim().slice(0, 4000)}`);
  return { status: result.status, stdout: result.stdout, output };
}

/** The README's plugin snippet for a package the app already has, as written there. */
function readmePluginSnippet(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]).find(s => s.includes('./node_modules/cdk8s-windows'));
  if (!snippet) throw new Error('README has no plugin snippet for ./node_modules/cdk8s-windows');
  return snippet.replace(/^ {2}/gm, '');
}

const MAIN_TS = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import * as kplus27 from 'cdk8s-plus-27';
import { WindowsCompliance, WindowsDeployment, TargetProfile, WindowsServerVersion } from 'cdk8s-windows';

const app = new App();
const chart = new Chart(app, 'windows-app');
TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022 });

// The Windows workload, with a cdk8s-plus-27 volume as the README says.
new WindowsDeployment(chart, 'site', {
  containers: [{ image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022', portNumber: 80 }],
  volumes: [kplus27.Volume.fromEmptyDir(chart, 'scratch', 'scratch')],
}).exposeViaService();

if (process.env.PLAIN_ON_WINDOWS) {
  // A plain cdk8s-plus-33 Deployment placed on Windows: its Linux-only defaults cannot run there.
  const plain = new kplus.Deployment(chart, 'plain', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] });
  plain.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('kubernetes.io/os', 'windows')));
}
if (process.env.CHECK_CHART) WindowsCompliance.checkChart(chart);

app.synth();
`;

beforeAll(() => {
  fs.mkdirSync(APP, { recursive: true });
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', WORK], { cwd: ROOT, encoding: 'utf-8' });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  packed = JSON.parse(pack.stdout)[0];
  // What `cdk8s init typescript-app` writes, less the imports/ folder.
  fs.writeFileSync(path.join(APP, 'package.json'), JSON.stringify({
    name: 'windows-app',
    version: '0.0.0',
    private: true,
    scripts: { synth: 'cdk8s synth' },
    dependencies: {
      'cdk8s': ROOT_PACKAGE.devDependencies.cdk8s,
      'cdk8s-plus-27': ROOT_PACKAGE.devDependencies['cdk8s-plus-27'],
      'cdk8s-plus-33': '^2.5.57',
      'constructs': ROOT_PACKAGE.devDependencies.constructs,
      'cdk8s-windows': `file:${path.join(WORK, packed.filename)}`,
    },
    devDependencies: { 'ts-node': ROOT_PACKAGE.devDependencies['ts-node'], 'typescript': ROOT_PACKAGE.devDependencies.typescript, '@types/node': '^20' },
  }, null, 2));
  fs.writeFileSync(path.join(APP, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2020', module: 'commonjs', lib: ['es2020'], strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
    exclude: ['node_modules', 'cdk8s.out'],
  }, null, 2));
  fs.writeFileSync(path.join(APP, 'main.ts'), MAIN_TS);
  fs.writeFileSync(path.join(APP, 'cdk8s.yaml'), `language: typescript\napp: npx ts-node main.ts\n${readmePluginSnippet()}`);
  const install = run('npm', ['install', '--no-audit', '--no-fund']);
  if (install.status !== 0) throw new Error('npm install of the fresh app failed (see the output above)');
}, 900_000);

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

test('the package holds the library, .jsii, README, API.md, LICENSE and the users\' docs, and nothing that builds or tests it', () => {
  const files = packed.files.map(f => f.path);
  for (const expected of ['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', '.jsii', 'README.md', 'API.md', 'LICENSE', 'docs/RULES.md', 'docs/CLI.md', 'package.json']) {
    expect(files).toContain(expected);
  }
  const topLevel = [...new Set(files.map(f => f.split('/')[0]))].sort();
  expect(topLevel).toEqual(['.jsii', 'API.md', 'LICENSE', 'README.md', 'docs', 'lib', 'node_modules', 'package.json']);
  expect(files.filter(f => f.startsWith('node_modules/')).map(f => f.split('/')[1]).filter((v, i, a) => a.indexOf(v) === i).sort())
    .toEqual(['argparse', 'js-yaml']);
  // The command keeps its execute bit (the Python wheel runs it directly).
  expect(packed.files.find(f => f.path === 'lib/cli/main.js')!.mode.toString(8)).toBe('755');
});

test('npx cdk8s-windows --version, from the installed bin, prints the package version', () => {
  const result = run('npx', ['cdk8s-windows', '--version']);
  expect(result.status).toBe(0);
  expect(result.stdout.trim()).toBe(ROOT_PACKAGE.version);
});

test('cdk8s synth with the README\'s plugin snippet writes the Windows workload on Windows nodes and passes', () => {
  const result = run(CDK8S, ['synth']);
  expect(result.status).toBe(0);
  const manifests = jsyaml.loadAll(fs.readFileSync(path.join(APP, 'dist', 'windows-app.k8s.yaml'), 'utf8')) as any[];
  const deployment = manifests.find(m => m.kind === 'Deployment');
  expect(deployment.spec.template.spec.os).toEqual({ name: 'windows' });
  expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
  // The ASP.NET 4.8 image starts through ServiceMonitor: ContainerAdministrator on its container
  // (the pod keeps ContainerUser), said in one info line.
  expect(deployment.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } });
  expect(deployment.spec.template.spec.containers[0].securityContext).toEqual({ runAsNonRoot: false, windowsOptions: { runAsUserName: 'ContainerAdministrator' } });
  expect(result.output).toMatch(/cdk8s-windows: 1 info finding not shown/);
  const check = run('npx', ['cdk8s-windows', 'check', 'dist', '--kubernetes-version', '1.27']);
  expect(check.status).toBe(0);
});

test('a plain cdk8s-plus-33 Deployment placed on Windows: the plugin reports it and cdk8s synth fails', () => {
  const result = run(CDK8S, ['synth'], { PLAIN_ON_WINDOWS: '1' });
  expect(result.status).not.toBe(0);
  expect(result.output).toContain('no-privileged (error)');
  expect(result.output).toContain('no-linux-security-context (error)');
  expect(result.output).toContain('spec.template.spec.containers[0].securityContext.privileged');
  // Infos stay out of the report unless the plugin is asked for them (verbose: true).
  expect(result.output).not.toContain('image-needs-administrator (info)');
});

test('WindowsCompliance.checkChart reports the same plus-33 Deployment at synthesis', () => {
  const result = run(CDK8S, ['synth'], { PLAIN_ON_WINDOWS: '1', CHECK_CHART: '1' });
  expect(result.status).not.toBe(0);
  expect(result.output).toMatch(/\[windows-app\/plain\/Resource\] \[error\] no-privileged/);
});
