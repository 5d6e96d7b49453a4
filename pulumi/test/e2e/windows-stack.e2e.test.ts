// END-TO-END: the real Pulumi CLI (scripts/setup.sh builds it) and the real Kubernetes provider
// plugin, driven by the Automation API with inline programs and a local file backend. No cluster:
// the provider renders YAML to a directory (renderYamlToDirectory). `up` renders a Windows app;
// `preview` with the policy pack (bin/cdk8s-windows-policy-pack) fails on Linux-only fields on
// Windows and passes on the corrected program.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as k8s from '@pulumi/kubernetes';
import { CommandError, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from '@pulumi/pulumi/automation';
import * as yaml from 'js-yaml';
import { WindowsChart } from '../../src/windows-chart';
import { LINUX_ONLY_SECURITY_CONTEXT, windowsPodSpec } from '../support/fixtures';
import { windowsApp } from '../support/windows-app';
import { pulumiTools } from './pulumi-tools';

const tools = pulumiTools();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-pulumi-e2e-'));
const renderDir = path.join(work, 'rendered');
const stateDir = path.join(work, 'state');
fs.mkdirSync(stateDir);
const policyPack = path.resolve(__dirname, '..', '..', 'bin', 'cdk8s-windows-policy-pack');

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A Deployment placed on Windows (spec.os.name + nodeSelector), its container merged with `container`. */
function windowsDeployment(name: string, provider: k8s.Provider, container: Record<string, any> = {}): k8s.apps.v1.Deployment {
  return new k8s.apps.v1.Deployment(name, {
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: windowsPodSpec(container) as any },
    },
  }, { provider });
}

/** The same kind of Deployment, as YAML deployed through a ConfigGroup (a separate resource of its kind). */
function configGroupYaml(name: string, container: Record<string, any>): string {
  return yaml.dump({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: windowsPodSpec(container) } },
  });
}

/** The program: the cdk8s chart, a direct Deployment, a ConfigGroup Deployment, and a NodePort Service. */
function program(container: Record<string, any>): PulumiFn {
  return async () => {
    const provider = new k8s.Provider('render', { renderYamlToDirectory: renderDir });
    new WindowsChart('web', { app: windowsApp() }, { provider });
    windowsDeployment('api', provider, container);
    new k8s.yaml.v2.ConfigGroup('legacy', { yaml: configGroupYaml('legacy', container) }, { provider });
    new k8s.core.v1.Service('api', {
      metadata: { name: 'api', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 80 }] },
    }, { provider });
  };
}

async function stack(name: string, fn: PulumiFn): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: tools.pulumiRoot });
  return LocalWorkspace.createOrSelectStack({ projectName: 'windows-e2e', stackName: name, program: fn }, {
    pulumiCommand,
    workDir: fs.mkdtempSync(path.join(work, `${name}-`)),
    projectSettings: { name: 'windows-e2e', runtime: 'nodejs', backend: { url: `file://${stateDir}` } },
    envVars: {
      PULUMI_HOME: tools.pulumiHome,
      PULUMI_CONFIG_PASSPHRASE: 'e2e-only',
      PULUMI_SKIP_UPDATE_CHECK: '1',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    },
  });
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(file => fs.statSync(path.join(dir, file)).isFile()).sort();
}

/** The policy pack's violation lines of a CLI output (the lines naming a rule). */
function violationLines(output: string): string[] {
  return output.split('\n').filter(line => /\[(mandatory|advisory)\]|^\s*\[[a-z0-9-]+\] /.test(line)).map(line => line.trim());
}

describe('e2e: Pulumi CLI v3.274.1 + Kubernetes provider v4.25.0, no cluster', () => {
  test(`the CLI and the provider plugin are the ones setup.sh built`, async () => {
    const command = await PulumiCommand.get({ root: tools.pulumiRoot });
    expect(command.version?.toString()).toBe(tools.pulumiVersion);
    expect(fs.existsSync(path.join(tools.pulumiHome, 'plugins', `resource-kubernetes-v${tools.kubernetesProviderVersion}`))).toBe(true);
  });

  test('up renders the cdk8s chart, a direct Deployment and a ConfigGroup placed on Windows', async () => {
    const s = await stack('render', program({}));
    const result = await s.up({ onOutput: out => process.stdout.write(out) });
    expect(result.summary.result).toBe('succeeded');

    const files = filesUnder(renderDir);
    console.log(`rendered files:\n${files.map(f => `  ${f}`).join('\n')}`);
    const objects = files.map(f => yaml.load(fs.readFileSync(path.join(renderDir, f), 'utf8')) as any);
    const deployments = objects.filter(o => o.kind === 'Deployment');
    expect(deployments.map(d => d.metadata.name).sort()).toEqual(['api', 'legacy', expect.stringMatching(/^web-site-/)]);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      expect(pod.os).toEqual({ name: 'windows' });
      expect(pod.nodeSelector['kubernetes.io/os']).toBe('windows');
    }
    const site = deployments.find(d => d.metadata.name.startsWith('web-site-'));
    expect(site.spec.template.spec.nodeSelector['node.kubernetes.io/windows-build']).toBe('10.0.20348');
    expect(site.spec.template.spec.securityContext.windowsOptions.runAsUserName).toBe('ContainerUser');
    expect(objects.filter(o => o.kind === 'Service').map(o => o.metadata.name).sort())
      .toEqual(['api', expect.stringMatching(/^web-site-service-/)]);
  });

  test('preview with the policy pack fails on Linux-only fields on Windows (mandatory violations naming the rules)', async () => {
    const s = await stack('linux-fields', program(LINUX_ONLY_SECURITY_CONTEXT));
    let output = '';
    const error = await s.preview({ policyPacks: [policyPack], onOutput: out => { output += out; } })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toContain('preview failed');
    const lines = violationLines(output);
    console.log(`policy violations (bad program):\n${lines.join('\n')}`);
    // Two rules on each of the two Deployments (the direct one and the ConfigGroup's); the cdk8s
    // chart's Deployment has none; the NodePort Service gets its info advice.
    expect(lines.filter(line => /\[mandatory\] \[severity: high\]\s+cdk8s-windows-errors/.test(line))).toHaveLength(4);
    for (const object of ['Deployment/default/api', 'Deployment/default/legacy']) {
      expect(output).toContain(`[no-privileged] ${object} spec.template.spec.containers[0].securityContext.privileged`);
      expect(output).toContain(`[no-linux-security-context] ${object} spec.template.spec.containers[0].securityContext.runAsUser`);
    }
    expect(output).not.toMatch(/\] Deployment\/default\/web-site-/);
  });

  test('preview with the policy pack passes on the corrected program (advisory findings only)', async () => {
    const s = await stack('corrected', program({}));
    let output = '';
    const result = await s.preview({ policyPacks: [policyPack], onOutput: out => { output += out; } });
    console.log(`policy violations (corrected program):\n${violationLines(output).join('\n') || '  none'}`);
    expect(output).not.toMatch(/\[mandatory\]/);
    expect(output).toContain('cdk8s-windows@v');
    // The Service is judged with the Windows Deployment it selects: node-local-access is info advice.
    expect(output).toMatch(/\[advisory\] \[severity: low\]\s+cdk8s-windows-info/);
    expect(output).toContain('[node-local-access] Service/default/api spec.type');
    // Stack, provider, WindowsChart, 2 ConfigGroups, 3 Deployments, 2 Services: nothing refused.
    expect(result.changeSummary.create).toBe(10);
  });

  test('--policy-pack-config sets the profile and enforcement per policy', async () => {
    const config = path.join(work, 'windows-policy.json');
    // Nodes on Windows Server 2019: the ltsc2022 image of the Deployments without a
    // windows-build selector cannot run there. Info findings off.
    fs.writeFileSync(config, JSON.stringify({
      'cdk8s-windows-errors': { windowsServerVersion: '2019' },
      'cdk8s-windows-info': 'disabled',
    }));
    const s = await stack('ws2019', program({}));
    let output = '';
    const error = await s.preview({ policyPacks: [policyPack], policyPackConfigs: [config], onOutput: out => { output += out; } })
      .then(() => undefined, (e: unknown) => e);
    console.log(`policy violations (corrected program, Windows Server 2019 nodes, info disabled):\n${violationLines(output).join('\n')}`);
    expect(error).toBeInstanceOf(CommandError);
    expect(output).toContain('[windows-image-build-mismatch] Deployment/default/api spec.template.spec.containers[0].image');
    expect(output).toContain('[windows-image-build-mismatch] Deployment/default/legacy spec.template.spec.containers[0].image');
    expect(output).not.toMatch(/\] Deployment\/default\/web-site-/);
    expect(output).not.toContain('node-local-access');
  });

  test('--policy-pack-config takes platform and podSecurity (the engine validates them against the schema)', async () => {
    const config = path.join(work, 'windows-policy-platform.json');
    // GKE offers no Windows Server 2025 node pools; the default namespace enforces restricted,
    // which refuses pods that do not set runAsNonRoot.
    fs.writeFileSync(config, JSON.stringify({
      'cdk8s-windows-errors': { platform: 'gke', windowsServerVersion: '2025', podSecurity: [{ namespace: 'default', enforce: 'restricted' }] },
      'cdk8s-windows-info': 'disabled',
    }));
    const s = await stack('gke', program({}));
    let output = '';
    const error = await s.preview({ policyPacks: [policyPack], policyPackConfigs: [config], onOutput: out => { output += out; } })
      .then(() => undefined, (e: unknown) => e);
    console.log(`policy violations (corrected program, GKE, Windows Server 2025, restricted default namespace):\n${violationLines(output).join('\n')}`);
    expect(error).toBeInstanceOf(CommandError);
    expect(output).toContain('[platform-windows-server-unsupported] Deployment/default/api spec.template.spec');
    expect(output).toContain('GKE offers no Windows Server 2025 node pools');
    expect(output).toContain('[pod-security-enforce] Deployment/default/api');
  });
});
