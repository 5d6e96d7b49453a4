// End to end: the real cdk8s CLI runs `cdk8s synth` with the plugin listed under `validations:`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const WORK = path.join(__dirname, '.work');
const PKG = path.join(WORK, 'cdk8s-windows');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

beforeAll(() => {
  // The package as the CLI loads it: compiled JavaScript and a package.json (inside the repo, so
  // that cdk8s and cdk8s-plus-27 resolve from its node_modules).
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(PKG, { recursive: true });
  const tsc = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'),
    ['-p', path.join(ROOT, 'tsconfig.json'), '--outDir', path.join(PKG, 'lib'), '--declaration', 'false', '--inlineSourceMap', 'false', '--inlineSources', 'false'],
    { encoding: 'utf-8' });
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  fs.writeFileSync(path.join(PKG, 'package.json'), JSON.stringify({ name: 'cdk8s-windows', version: '0.0.0', main: 'lib/index.js' }));
}, 120_000);

function synthApp(name: string, appSource: string): { status: number | null; output: string } {
  const dir = path.join(WORK, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.js'), appSource);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node app.js',
    'validations:',
    `  - package: ${PKG}`,
    '    version: 0.0.0',
    '    class: WindowsValidationPlugin',
    '    properties:',
    "      windowsServerVersion: '2022'",
    '',
  ].join('\n'));
  const result = spawnSync(CDK8S, ['synth'], { cwd: dir, encoding: 'utf-8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test('a plain Deployment placed on Windows with Linux-only defaults fails the synth with the report', () => {
  const { status, output } = synthApp('violating', `
const { App, Chart, ApiObject, JsonPatch } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const app = new App();
const chart = new Chart(app, 'app');
const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] });
ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'windows' }));
app.synth();
`);
  expect(status).not.toBe(0);
  expect(output).toContain('no-privileged');
  expect(output).toContain('no-linux-pod-security-context');
  expect(output).toContain('spec.template.spec.containers[0].securityContext.privileged');
  expect(output).toMatch(/app\.k8s\.yaml/);
  // Each finding carries its own recommendation and fix, not the first of its rule.
  expect(output).toContain("container 'main' sets securityContext.readOnlyRootFilesystem: true");
  expect(output).toContain('a Windows container needs a writable root');
  expect(output).toContain("container 'main' sets securityContext.allowPrivilegeEscalation: false");
  expect(output).toContain('no setuid-style privilege escalation');
}, 120_000);

test('a WindowsDeployment passes the synth', () => {
  const { status, output } = synthApp('clean', `
const { App, Chart } = require('cdk8s');
const { WindowsDeployment } = require(${JSON.stringify(PKG)});
const app = new App();
const chart = new Chart(app, 'app');
new WindowsDeployment(chart, 'web', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022', portNumber: 80 }] });
app.synth();
`);
  expect(output).not.toContain('no-privileged');
  expect(status).toBe(0);
}, 120_000);
