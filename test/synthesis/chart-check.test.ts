import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KubernetesVersion, TargetProfile, WindowsCompliance, WindowsDeployment, WindowsRules } from '../../src';
import { synthError } from '../support/manifests';

const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2022';

function windowsPlacedPlainDeployment(chart: any, id: string): kplus.Deployment {
  const deployment = new kplus.Deployment(chart, id, { containers: [{ image: WINDOWS_IMAGE }] });
  ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'windows' }));
  return deployment;
}

test('a plain cdk8s-plus Deployment with Windows placement gets every rule', () => {
  const chart = Testing.chart();
  WindowsCompliance.checkChart(chart);
  windowsPlacedPlainDeployment(chart, 'plain');
  const error = synthError(chart);
  expect(error).toContain('[test/plain/Resource]');
  expect(error).toContain('no-privileged');
  expect(error).toContain('spec.template.spec.securityContext.fsGroupChangePolicy');
});

test('Linux workloads pass; a Windows image without Windows placement fails', () => {
  const linux = Testing.chart();
  WindowsCompliance.checkChart(linux);
  new kplus.Deployment(linux, 'nginx', { containers: [{ image: 'nginx:1.27' }] });
  expect(() => Testing.synth(linux)).not.toThrow();

  const misplaced = Testing.chart();
  WindowsCompliance.checkChart(misplaced);
  new kplus.Deployment(misplaced, 'iis', { containers: [{ image: WINDOWS_IMAGE }] });
  expect(synthError(misplaced)).toMatch(/windows-image-without-windows-placement[\s\S]*containers\[0\]\.image/);
});

test('Included YAML is checked, and Windows constructs are not checked twice', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-check-'));
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(file, [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: legacy',
    'spec:',
    '  os:',
    '    name: windows',
    '  hostPID: true',
    '  containers:',
    '  - name: app',
    `    image: ${WINDOWS_IMAGE}`,
    '',
  ].join('\n'));
  const chart = Testing.chart();
  WindowsCompliance.checkChart(chart);
  new Include(chart, 'legacy', { url: file });
  new WindowsDeployment(chart, 'web', { containers: [{ image: WINDOWS_IMAGE, securityContext: { privileged: true } }] });
  const error = synthError(chart);
  expect(error).toContain('no-host-namespaces');
  expect(error).toContain('[test/legacy');
  // The WindowsDeployment reports its own finding once, under its own path.
  expect(error.match(/no-privileged/g)).toHaveLength(1);
});

test('suppressions on the object and strict mode apply', () => {
  const chart = Testing.chart();
  WindowsCompliance.checkChart(chart, { strict: true });
  const deployment = new kplus.Deployment(chart, 'web', {
    containers: [{ image: WINDOWS_IMAGE, securityContext: { ensureNonRoot: false } }],
    securityContext: { ensureNonRoot: false },
  });
  const patch = ApiObject.of(deployment);
  patch.addJsonPatch(JsonPatch.add('/spec/template/spec/os', { name: 'windows' }));
  for (const field of ['privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'runAsNonRoot']) {
    patch.addJsonPatch(JsonPatch.remove(`/spec/template/spec/containers/0/securityContext/${field}`));
  }
  patch.addJsonPatch(JsonPatch.remove('/spec/template/spec/securityContext'));
  // Default kplus resources: memory request below the limit, a warning that strict mode raises.
  expect(synthError(chart)).toContain('memory-request-equals-limit');
  WindowsCompliance.suppress(deployment, 'memory-request-equals-limit', 'The request is sized for scheduling on purpose.');
  expect(() => Testing.synth(chart)).not.toThrow();
});

describe('WindowsRules.checkManifests: the check plan through the public API', () => {
  const deployment = (name: string, nodeSelector: any, image = 'mcr.microsoft.com/windows/servercore:ltsc2022') => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { nodeSelector, containers: [{ name: 'app', image, securityContext: { privileged: false } }] } } },
  });
  const service = (app: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${app}` }, spec: { selector: { app }, type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] } });

  test('Windows pods get every rule, other pods the placement rules, Services the rules when they front a Windows workload', () => {
    const findings = WindowsRules.checkManifests([
      deployment('win', { 'kubernetes.io/os': 'windows' }), deployment('linux', { 'kubernetes.io/os': 'linux' }, 'nginx:1.27'),
      service('win'), service('linux'),
    ]);
    // The Linux pod runs a Linux image: nothing. The Windows pod and its NodePort Service: every rule.
    expect(findings.map(f => `${f.resource.name} ${f.rule}`)).toEqual([
      'win no-privileged', 'win memory-limit-required', 'svc-win local-traffic-policy-needs-dsr', 'svc-win node-local-access',
    ]);
  });

  test('assumeWindows and a profile are honoured', () => {
    const findings = WindowsRules.checkManifests([deployment('linux', { 'kubernetes.io/os': 'linux' }, 'nginx:1.27'), service('linux')],
      { assumeWindows: true, profile: TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.34') }) });
    expect(findings.map(f => `${f.resource.name} ${f.rule} ${f.severity}`)).toEqual(expect.arrayContaining([
      'linux no-privileged error', 'linux linux-only-image warning', 'svc-linux local-traffic-policy-needs-dsr info',
    ]));
  });
});

describe('what synthesis prints, and the findings of any scope', () => {
  /** stderr of `work`, as text. */
  const stderrOf = (work: () => void) => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
    try {
      work();
    } finally {
      spy.mockRestore();
    }
    return written.join('');
  };
  // An IIS site behind a NodePort Service (two infos: the administrator user, node-local access) and a batch job with a memory request below its limit (a warning).
  const build = (chart: any) => {
    const site = new WindowsDeployment(chart, 'site', { containers: [{ image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', portNumber: 80 }] });
    site.exposeViaService({ serviceType: kplus.ServiceType.NODE_PORT });
    new WindowsDeployment(chart, 'batch', { containers: [{ image: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', resources: { memory: { limit: Size.gibibytes(1), request: Size.mebibytes(512) } } }] });
  };

  test('quiet by default: warnings one by one, infos in one line at the end', () => {
    const chart = Testing.chart();
    build(chart);
    const stderr = stderrOf(() => Testing.synth(chart));
    expect(stderr).toMatch(/\[warning\] memory-request-equals-limit/);
    expect(stderr).not.toMatch(/\[info\]/);
    expect(stderr).toMatch(/^cdk8s-windows: 2 info findings not shown \(print them with the verbose prop, or with app\.node\.setContext\('cdk8s-windows:verbose', true\)/m);
  });

  test('a suppressed finding is counted in the closing line, not printed; verbose lists it', () => {
    const quietly = (verbose: boolean) => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-')) });
      if (verbose) app.node.setContext('cdk8s-windows:verbose', true);
      const chart = new Chart(app, 'app');
      const batch = new WindowsDeployment(chart, 'batch', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022', resources: { memory: { limit: Size.gibibytes(1), request: Size.mebibytes(512) } } }] });
      WindowsCompliance.suppress(batch, 'memory-request-equals-limit', 'This batch job may page: it runs alone at night.');
      return stderrOf(() => app.synthYaml());
    };
    const quiet = quietly(false);
    expect(quiet).not.toContain('memory-request-equals-limit');
    expect(quiet).toMatch(/^cdk8s-windows: 1 suppressed finding not shown/m);
    // The switch the closing line names, set on the App before adding charts, prints it in full.
    const verbose = quietly(true);
    expect(verbose).toContain('[warning] memory-request-equals-limit');
    expect(verbose).toContain('suppressed: This batch job may page: it runs alone at night.');
    expect(verbose).not.toMatch(/not shown/);
  });

  test('the verbose context value prints the infos', () => {
    const chart = Testing.chart();
    chart.node.setContext('cdk8s-windows:verbose', true);
    build(chart);
    const stderr = stderrOf(() => Testing.synth(chart));
    expect(stderr).toMatch(/\[info\] image-needs-administrator/);
    expect(stderr).toMatch(/\[info\] node-local-access/);
    expect(stderr).not.toMatch(/info findings not shown/);
  });

  test('WindowsCompliance.findings of a chart lists the Windows constructs\' findings and the other objects\'', () => {
    const chart = Testing.chart();
    build(chart);
    const plain = new kplus.Deployment(chart, 'plain', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022' }] });
    plain.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('kubernetes.io/os', 'windows')));
    const rules = WindowsCompliance.findings(chart).map(f => `${f.resource.kind} ${f.rule}`);
    expect(rules).toEqual(expect.arrayContaining([
      'Deployment image-needs-administrator', 'Service node-local-access', 'Deployment memory-request-equals-limit', 'Deployment no-privileged',
    ]));
    expect(WindowsCompliance.findings(App.of(chart)).length).toBe(rules.length);
  });
});

describe('a failed synthesis says each finding once', () => {
  const failing = () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-')) });
    const chart = new Chart(app, 'app');
    new WindowsDeployment(chart, 'a', { containers: [{ image: WINDOWS_IMAGE, securityContext: { privileged: true } }] });
    new WindowsDeployment(chart, 'b', { containers: [{ image: WINDOWS_IMAGE, securityContext: { privileged: true } }] });
    // A validation of another library: its error must not be lost.
    chart.node.addValidation({ validate: () => ['another library says no'] });
    return app;
  };
  const failure = (app: App) => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
    try {
      app.synthYaml();
    } catch (error) {
      return { error: error as Error, stderr: written.join('') };
    } finally {
      spy.mockRestore();
    }
    throw new Error('synthesis did not fail');
  };
  const PRIVILEGED = /\[error\] no-privileged Deployment\/app-(a|b)-\w+ spec\.template\.spec\.containers\[0\]\.securityContext\.privileged/g;

  test('the error carries every finding once and the console does not repeat them', () => {
    const { error, stderr } = failure(failing());
    expect(error.message.match(PRIVILEGED)).toHaveLength(2);
    expect(error.message).toContain('[app] another library says no');
    expect(stderr).not.toContain('no-privileged');
  });
});
