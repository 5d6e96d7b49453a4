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

function synthApp(name: string, appSource: string, properties = ["windowsServerVersion: '2022'"]): { status: number | null; output: string; dir: string } {
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
    ...properties.map(p => `      ${p}`),
    '',
  ].join('\n'));
  const result = spawnSync(CDK8S, ['synth'], { cwd: dir, encoding: 'utf-8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, dir };
}

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

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

// A chart targeting Kubernetes 1.30, with a Deployment whose memory request is below its limit (a
// warning), and one whose warning is suppressed.
const TARGETED_APP = `
const { App, Chart, Size } = require('cdk8s');
const { WindowsDeployment, WindowsCompliance, TargetProfile, KubernetesVersion, WindowsServerVersion } = require(${JSON.stringify(PKG)});
const app = new App();
const chart = new Chart(app, 'app');
TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of('1.30'), windowsServerVersion: WindowsServerVersion.WS2022 });
const resources = { memory: { limit: Size.gibibytes(1), request: Size.mebibytes(512) } };
new WindowsDeployment(chart, 'batch', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022', resources }] });
const quiet = new WindowsDeployment(chart, 'quiet', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022', resources }] });
WindowsCompliance.suppress(quiet, 'memory-request-equals-limit', 'This batch job may page: it runs alone at night.');
app.synth();
`;

test("the plugin checks each object for its chart's target, and says so", () => {
  const { status, output, dir } = synthApp('targeted', TARGETED_APP, []);
  expect(status).toBe(0);
  expect(output).toContain('Kubernetes 1.30, Windows Server 2022');
  expect(output).not.toContain('Kubernetes 1.27');
  const record = JSON.parse(fs.readFileSync(path.join(dir, 'dist', '_cdk8s-windows.json'), 'utf8'));
  expect(record.objects.map((o: any) => o.target.kubernetesVersion)).toEqual(['1.30', '1.30']);
}, 120_000);

test('a target in the plugin properties that contradicts the app is said loudly; the app\'s target is used', () => {
  const { status, output } = synthApp('contradicting', TARGETED_APP, ["kubernetesVersion: '1.27'"]);
  expect(status).toBe(0);
  expect(output).toMatch(/WARNING: the plugin properties in cdk8s\.yaml say kubernetesVersion 1\.27, but the app's charts target Kubernetes 1\.30/);
  expect(output).toContain('Kubernetes 1.30, Windows Server 2022');
}, 120_000);

test('each warning is said once (at synthesis, not again in the report); a suppressed one is counted, not printed', () => {
  const { status, output } = synthApp('once', TARGETED_APP, []);
  expect(status).toBe(0);
  // Synthesis prints the batch warning; the plugin counts it and the suppressed one.
  expect(count(output, '[warning] memory-request-equals-limit Deployment/app-batch')).toBe(1);
  expect(count(output, 'memory-request-equals-limit')).toBe(1);
  expect(output).not.toContain('This batch job may page');
  expect(output).toMatch(/cdk8s-windows: 1 suppressed finding not shown/);
  expect(output).toContain('cdk8s-windows: 2 findings reported or suppressed at synthesis not repeated here.');
}, 120_000);

test('with strict: true in the plugin, a warning synthesis only printed fails the run and is listed', () => {
  const { status, output } = synthApp('strict', TARGETED_APP, ['strict: true']);
  expect(status).not.toBe(0);
  // One occurrence, the batch job's: the suppressed one stays suppressed, though suppressions made
  // in code are not in the manifest.
  expect(output).toContain('memory-request-equals-limit (warning) (1 occurrences)');
  expect(output).toContain('Resource Name: app-batch-');
  expect(output).not.toContain('Resource Name: app-quiet-');
}, 120_000);

// A chart whose target gives the Pod Security labels of a namespace the app does not hold: the
// IIS image runs as ContainerAdministrator, which baseline admits and restricted warns about.
const POD_SECURITY_APP = `
const { App, Chart } = require('cdk8s');
const { WindowsDeployment, TargetProfile } = require(${JSON.stringify(PKG)});
const app = new App();
const chart = new Chart(app, 'app');
TargetProfile.configure(chart, { podSecurity: [{ namespace: 'web', enforce: 'baseline', warn: 'restricted' }] });
new WindowsDeployment(chart, 'site', {
  metadata: { namespace: 'web' },
  containers: [{ image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', portNumber: 80 }],
});
app.synth();
`;

test("the record carries the chart's podSecurity: the plugin judges the namespace as synthesis did, and says so when its property differs", () => {
  const { status, output, dir } = synthApp('pod-security', POD_SECURITY_APP, []);
  expect(status).toBe(0);
  const record = JSON.parse(fs.readFileSync(path.join(dir, 'dist', '_cdk8s-windows.json'), 'utf8'));
  expect(record.objects.map((o: any) => o.target.podSecurity)).toEqual([[{ namespace: 'web', enforce: 'baseline', warn: 'restricted' }]]);
  // Synthesis printed the warning (and counted an info); the plugin finds both again, the warning
  // only with the recorded labels, and repeats neither.
  expect(count(output, 'pod-security-warn')).toBe(1);
  expect(output).toContain('cdk8s-windows: 2 findings reported or suppressed at synthesis not repeated here.');

  const contradicting = synthApp('pod-security-contradicting', POD_SECURITY_APP, ['podSecurity: [{ namespace: web, enforce: restricted }]']);
  expect(contradicting.status).toBe(0);
  expect(contradicting.output).toMatch(/WARNING: the plugin properties in cdk8s\.yaml say podSecurity \[\{"namespace":"web","enforce":"restricted"\}\], but the app's charts target/);
}, 240_000);

// A chart whose target names the platform (EKS), and a plain cdk8s-plus Deployment placed on
// Windows by node affinity alone, which no construct of the library saw.
const PLATFORM_APP = `
const { App, Chart, ApiObject, JsonPatch } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const { WindowsDeployment, TargetProfile, Platform } = require(${JSON.stringify(PKG)});
const app = new App();
const chart = new Chart(app, 'app');
TargetProfile.configure(chart, { platform: Platform.EKS });
new WindowsDeployment(chart, 'site', { containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] });
const other = new Chart(app, 'other');
const plain = new kplus.Deployment(other, 'plain', { containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', securityContext: { ensureNonRoot: false } }] });
ApiObject.of(plain).addJsonPatch(JsonPatch.add('/spec/template/spec/affinity', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }] } } }));
app.synth();
`;

test("the record carries the chart's platform, an object the app did not record is checked for it, and a contradicting platform property is said", () => {
  const { output, dir } = synthApp('platform', PLATFORM_APP, ["platform: 'aks'"]);
  const record = JSON.parse(fs.readFileSync(path.join(dir, 'dist', '_cdk8s-windows.json'), 'utf8'));
  expect(record.objects.map((o: any) => o.target.platform)).toEqual(['eks']);
  expect(output).toMatch(/WARNING: the plugin properties in cdk8s\.yaml say platform aks, but the app's charts target Kubernetes 1\.27, Windows Server not pinned, containerd, process isolation, on EKS/);
  // The plain Deployment is not recorded: with one app target, it is checked for the app's (EKS).
  expect(output).toContain('eks-windows-node-selector (error)');
  expect(output).toContain('Resource Name: other-plain-');
}, 240_000);

test('without a record, the platform property is the target: its rules run on the plain objects', () => {
  const plainOnly = PLATFORM_APP.replace(/^.*(WindowsDeployment|TargetProfile|Platform).*$/gm, '');
  const eks = synthApp('platform-property', plainOnly, ["platform: 'eks'"]);
  expect(fs.existsSync(path.join(eks.dir, 'dist', '_cdk8s-windows.json'))).toBe(false);
  expect(eks.status).not.toBe(0);
  expect(eks.output).toContain('eks-windows-node-selector (error)');
  const generic = synthApp('platform-property-generic', plainOnly, []);
  expect(generic.output).not.toContain('eks-windows-node-selector');
}, 240_000);
