// `cdk8s-windows check --cluster` against the 1.37 test control plane (test/cluster/harness.ts):
// objects planted in it, the findings in every format, --namespace, and what stops a read
// (unknown context, a closed port, credentials refused, a forbidden list) as one line and exit 2.
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { run } from '../../src/cli/run';
import { clusterTestsEnabled, TestCluster } from '../cluster/harness';
import { SARIF_SUBSET_SCHEMA } from './support/sarif-schema';

jest.setTimeout(240_000);

const enabled = clusterTestsEnabled('1.37');
const describeCluster = enabled ? describe : describe.skip;

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function check(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', chunk => out.push(chunk));
  stderr.on('data', chunk => err.push(chunk));
  const status = await run(['check', ...args], { stdin: new PassThrough(), stdout, stderr, env: { HOME: os.tmpdir(), ...env } });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const WINDOWS_PLACEMENT = {
  nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' },
  tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
};

function deployment(namespace: string, name: string, pod: object): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: pod },
    },
  };
}

/** A Windows-placed Deployment with a Linux-only field (`privileged`, which Windows has no notion of). */
const LINUX_FIELD = deployment('shop', 'legacy-api', {
  ...WINDOWS_PLACEMENT,
  containers: [{
    name: 'api',
    image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
    securityContext: { privileged: false },
    resources: { limits: { memory: '1Gi', cpu: '1' } },
  }],
});

/** A Windows image with no Windows placement: it would land on a Linux node. */
const UNPLACED = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'unplaced', namespace: 'shop' },
  spec: { containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/servercore:ltsc2022', resources: { limits: { memory: '1Gi', cpu: '1' } } }] },
};

/**
 * A clean Windows app, in another namespace. Its pod, read back, also has what the API server
 * added (the service account token volume with `defaultMode: 420`, default fields): still clean.
 */
const CLEAN = deployment('clean', 'web', {
  os: { name: 'windows' },
  ...WINDOWS_PLACEMENT,
  securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
  containers: [{
    name: 'web',
    image: 'mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022',
    resources: { limits: { memory: '1Gi', cpu: '1' }, requests: { memory: '1Gi', cpu: '1' } },
  }],
});

/** A Linux log agent that tolerates every taint: the cluster's Windows pools take it too. */
const LINUX_AGENT = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'logs', namespace: 'agents' },
  spec: {
    selector: { matchLabels: { app: 'logs' } },
    template: { metadata: { labels: { app: 'logs' } }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.1' }] } },
  },
};

describeCluster('check --cluster against a 1.37 cluster', () => {
  let cluster: TestCluster;
  let kubeconfig: string;

  beforeAll(() => {
    cluster = TestCluster.start('1.37');
    kubeconfig = cluster.kubeconfig;
    for (const ns of ['shop', 'clean', 'agents']) cluster.kubectlOk(['create', 'namespace', ns]);
    const verdicts = cluster.create([LINUX_FIELD, UNPLACED, CLEAN, LINUX_AGENT]);
    for (const v of verdicts) expect(v).toMatchObject({ status: 'created' });
  });

  afterAll(() => {
    cluster?.stop();
  });

  test('text: each planted problem named by kind/namespace/name, the clean app silent', async () => {
    const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', kubeconfig]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/target Kubernetes 1\.37.*, cluster "[^"]+" \(https:\/\/127\.0\.0\.1:\d+\), context "[^"]+"$/);
    expect(stdout).toMatch(/^Deployment\/shop\/legacy-api: error: \(object: shop\/legacy-api apps\/v1, Kind=Deployment\) container 'api' sets privileged: false\..*\(check: no-privileged,/m);
    expect(stdout).toMatch(/^Pod\/shop\/unplaced: error: .*\(check: windows-image-without-windows-placement,/m);
    expect(stdout).not.toMatch(/\/clean\//);
    // The Nodes make the pools the pods are judged by: the Linux agent can land on every Windows pool.
    expect(lines[0]).toContain('node pools win19, win22, linux-1, win2019-1, win2022-1, win2025-1');
    expect(stdout).toMatch(/^DaemonSet\/agents\/logs: error: .*the scheduler may place it on the Windows pools 'win19' \(not tainted\), 'win22' \(not tainted\), 'win2019-1' \(tolerations\[0\] tolerates os=windows:NoSchedule\), .*\(check: non-windows-pod-on-windows-pool,/m);
    expect(lines[lines.length - 1]).toMatch(/^checked \d+ objects in cluster "[^"]+": \d+ errors?, /);
  });

  test('json: findings name the object, with no file or line; the cluster is named', async () => {
    const { status, stdout } = await check(['--cluster', '--kubeconfig', kubeconfig, '--format', 'json']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.cluster).toMatchObject({ server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:/), namespace: null });
    const privileged = report.findings.find((f: any) => f.rule === 'no-privileged' && f.object.kind === 'Deployment');
    expect(privileged).toMatchObject({
      severity: 'error',
      file: null,
      line: null,
      documentIndex: null,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'legacy-api' },
      path: 'spec.template.spec.containers[0].securityContext.privileged',
    });
    expect(report.findings.some((f: any) => f.rule === 'windows-image-without-windows-placement'
      && f.object.kind === 'Pod' && f.object.name === 'unplaced')).toBe(true);
    expect(report.findings.filter((f: any) => f.object.namespace === 'clean')).toEqual([]);
    // The controllers' ReplicaSet and Pod of legacy-api carry the same template: checked too.
    expect(report.findings.some((f: any) => f.rule === 'no-privileged' && f.object.kind === 'ReplicaSet')).toBe(true);
    expect(report.summary.files).toBe(0);
    expect(report.summary.inputErrors).toBe(0);
    expect(report.target.nodePools.map((p: any) => p.name)).toEqual(['win19', 'win22', 'linux-1', 'win2019-1', 'win2022-1', 'win2025-1']);
    expect(report.findings.filter((f: any) => f.rule === 'non-windows-pod-on-windows-pool' && f.object.kind === 'DaemonSet').map((f: any) => f.object.name)).toEqual(['logs']);
  });

  test('sarif: logical locations only (kind/namespace/name), no file', async () => {
    const { status, stdout } = await check(['--cluster', '--kubeconfig', kubeconfig, '--format', 'sarif']);
    expect(status).toBe(1);
    const run0 = JSON.parse(stdout).runs[0];
    const result = run0.results.find((r: any) => r.ruleId === 'no-privileged'
      && r.locations[0].logicalLocations[0].fullyQualifiedName === 'Deployment/shop/legacy-api');
    expect(result).toBeDefined();
    expect(result.locations[0].physicalLocation).toBeUndefined();
    expect(result.locations[0].logicalLocations[0]).toEqual({ name: 'legacy-api', fullyQualifiedName: 'Deployment/shop/legacy-api', kind: 'object' });
    expect(run0.results.every((r: any) => r.locations[0].physicalLocation === undefined)).toBe(true);
    // Still a valid SARIF log: the part of the schema the checker uses, and the full one.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const log = JSON.parse(stdout);
    const subset = ajv.compile(SARIF_SUBSET_SCHEMA);
    expect(subset(log) ? [] : subset.errors).toEqual([]);
    const full = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    delete full.$schema;
    delete full.id;
    const validate = ajv.compile(full);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(run0.properties.cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(run0.results.some((r: any) => r.ruleId === 'non-windows-pod-on-windows-pool'
      && r.locations[0].logicalLocations[0].fullyQualifiedName === 'DaemonSet/agents/logs')).toBe(true);
  });

  test('junit: one test case per object, named kind/namespace/name; the clean app passes', async () => {
    const { status, stdout } = await check(['--cluster', '--kubeconfig', kubeconfig, '--format', 'junit']);
    expect(status).toBe(1);
    expect(stdout).toMatch(/<testcase classname="cluster &quot;[^"]+&quot;" name="Deployment\/shop\/legacy-api">\n\s*<failure message="no-privileged: spec\.template\.spec\.containers\[0\]\.securityContext\.privileged" type="error">Deployment\/shop\/legacy-api: error no-privileged/);
    expect(stdout).toMatch(/<testcase [^>]*name="Pod\/shop\/unplaced">\n\s*<failure message="windows-image-without-windows-placement/);
    expect(stdout).toMatch(/<testcase [^>]*name="Deployment\/clean\/web"\/>/);
    expect(stdout).toMatch(/<testcase [^>]*name="Pod\/clean\/web-[a-z0-9]+-[a-z0-9]+"\/>/);
    expect(stdout).toMatch(/<testcase [^>]*name="Node\/win2022-1"\/>/);
    expect(stdout).toMatch(/<testcase [^>]*name="DaemonSet\/agents\/logs">\n\s*<failure message="non-windows-pod-on-windows-pool: spec\.template\.spec\.tolerations\[0\]"/);
  });

  test('--namespace narrows to one namespace (cluster-scoped context still read)', async () => {
    const clean = await check(['--cluster', '--kubeconfig', kubeconfig, '--namespace', 'clean', '--format', 'json']);
    expect(clean.status).toBe(0);
    const report = JSON.parse(clean.stdout);
    expect(report.findings).toEqual([]);
    expect(report.cluster.namespace).toBe('clean');
    const shop = await check(['--cluster', '--kubeconfig', kubeconfig, '-n', 'shop', '--format', 'json']);
    expect(shop.status).toBe(1);
    const namespaces = new Set(JSON.parse(shop.stdout).findings.map((f: any) => f.object.namespace));
    expect([...namespaces]).toEqual(['shop']);
  });

  test('the current context of $KUBECONFIG is used when no --kubeconfig is given', async () => {
    const { status, stdout } = await check(['--cluster', '-n', 'clean'], { KUBECONFIG: kubeconfig });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^checked \d+ objects in cluster "[^"]+" \(namespace clean\): 0 errors/m);
  });

  test('an unknown context: one line naming it, exit 2', async () => {
    const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', kubeconfig, '--context', 'no-such-context']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cdk8s-windows: --cluster: context "no-such-context" is not in the kubeconfig \(.*\); known contexts: \S+\n$/);
  });

  test('a bad token: the API server refuses it (401), one line, exit 2', async () => {
    const bad = writeKubeconfig(cluster.kubectlOk(['config', 'view', '--raw', '--minify', '-o', 'json']), { token: 'not-a-valid-token' });
    const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', bad]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cdk8s-windows: --cluster: cluster "[^"]+" \(https:\/\/127\.0\.0\.1:\d+\), context "[^"]+": the API server refused the credentials of user "[^"]+" \(401 Unauthorized: .*\): they are invalid or expired; log in again or fix the kubeconfig\n$/);
  });

  describe('RBAC (the cluster authorizes with RBAC)', () => {
    /** A kubeconfig of the cluster for ServiceAccount `name` of `shop`, with a token the API server issues. */
    const asServiceAccount = (name: string) => {
      cluster.kubectlOk(['create', 'serviceaccount', name, '-n', 'shop']);
      const token = cluster.kubectlOk(['create', 'token', name, '-n', 'shop']).trim();
      return writeKubeconfig(cluster.kubectlOk(['config', 'view', '--raw', '--minify', '-o', 'json']), { token });
    };
    /** The ClusterRole docs/CLI.md tells users to create, applied as written there. */
    const applyDocumentedRole = () => {
      const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'CLI.md'), 'utf8');
      cluster.kubectlOk(['apply', '-f', '-'], /### RBAC[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]);
    };

    test('a ServiceAccount with no rights: every list forbidden, one input error and one warning line, exit 2', async () => {
      const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', asServiceAccount('nobody')]);
      expect(status).toBe(2);
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^cdk8s-windows: cluster "[^"]+": cluster "[^"]+" \(https:\/\/127\.0\.0\.1:\d+\), context "[^"]+": forbidden to list deployments, .*, services \(deployments\.apps is forbidden: User "system:serviceaccount:shop:nobody" cannot list resource "deployments" in API group "apps" at the cluster scope\): they were not checked/);
      expect(lines[1]).toMatch(/^cdk8s-windows: warning: .*forbidden to list namespaces, nodes, /);
      expect(stdout).toMatch(/^checked 0 objects in cluster "[^"]+": .*1 input error, 1 input warning$/m);
    });

    test('the ClusterRole of docs/CLI.md is enough: the same findings as the admin, nothing forbidden', async () => {
      applyDocumentedRole();
      const kubeconfigOfReader = asServiceAccount('reader');
      cluster.kubectlOk(['create', 'clusterrolebinding', 'reader', '--clusterrole', 'cdk8s-windows-check', '--serviceaccount', 'shop:reader']);
      const reader = await check(['--cluster', '--kubeconfig', kubeconfigOfReader, '--format', 'json']);
      const admin = await check(['--cluster', '--kubeconfig', kubeconfig, '--format', 'json']);
      expect(reader.stderr).toBe('');
      expect(reader.status).toBe(1);
      const findings = (out: string) => JSON.parse(out).findings.map((f: any) => `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`);
      expect(findings(reader.stdout)).toEqual(findings(admin.stdout));
    });

    test('rights in one namespace only, with --namespace: its findings, the cluster-scoped kinds an input warning, exit 1', async () => {
      applyDocumentedRole();
      const kubeconfigOfDev = asServiceAccount('dev');
      cluster.kubectlOk(['create', 'rolebinding', 'dev', '-n', 'shop', '--clusterrole', 'cdk8s-windows-check', '--serviceaccount', 'shop:dev']);
      const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', kubeconfigOfDev, '-n', 'shop', '--format', 'json']);
      expect(status).toBe(1);
      expect(stderr).toMatch(/^cdk8s-windows: warning: cluster "[^"]+": .*, namespace shop: forbidden to list namespaces, nodes, runtimeclasses, storageclasses, persistentvolumes \(.*\): rules that look at them did not see them/);
      const report = JSON.parse(stdout);
      expect(report.inputErrors).toEqual([]);
      expect(report.findings.some((f: any) => f.rule === 'no-privileged' && f.object.kind === 'Deployment' && f.object.name === 'legacy-api')).toBe(true);
    });
  });
});

/** A kubeconfig like `config` (JSON from kubectl config view) with the user's credentials replaced. */
function writeKubeconfig(config: string, user: object): string {
  const parsed = JSON.parse(config);
  parsed.users[0].user = user;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-kubeconfig-')), 'config');
  fs.writeFileSync(file, JSON.stringify(parsed));
  return file;
}

/** A kubeconfig for an http server at `port`, with a token. */
function stubKubeconfig(port: number): string {
  return writeKubeconfig(JSON.stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: 'stub', cluster: { server: `http://127.0.0.1:${port}` } }],
    'users': [{ name: 'dev', user: {} }],
    'contexts': [{ name: 'stub-ctx', context: { cluster: 'stub', user: 'dev' } }],
    'current-context': 'stub-ctx',
  }), { token: 'abc' });
}

/** An http server answering every request with `status` and a Kubernetes Status (or `body`). */
async function stubServer(answer: (url: string) => { status: number; body: object }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const { status, body } = answer(request.url ?? '');
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise(resolve => server.close(() => resolve())) };
}

const forbidden = (resource: string) => ({
  status: 403,
  body: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'Forbidden',
    code: 403,
    message: `${resource} is forbidden: User "dev" cannot list resource "${resource}" in API group "" at the cluster scope`,
  },
});
const empty = { status: 200, body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] } };

describe('check --cluster: what stops a read (no cluster needed)', () => {
  test('a closed port on 127.0.0.1: connection refused, one line naming the cluster and context, exit 2', async () => {
    const stub = await stubServer(() => empty);
    await stub.close(); // the port is now closed
    const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', stubKubeconfig(stub.port)]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`cdk8s-windows: --cluster: cluster "stub", context "stub-ctx": cannot connect to http://127.0.0.1:${stub.port}: connection refused (is the cluster running?)\n`);
  });

  test('401 from the server: one line, exit 2', async () => {
    const stub = await stubServer(() => ({ status: 401, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } }));
    try {
      const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', stubKubeconfig(stub.port)]);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`cdk8s-windows: --cluster: cluster "stub" (http://127.0.0.1:${stub.port}), context "stub-ctx": the API server refused the credentials of user "dev" (401 Unauthorized: Unauthorized): they are invalid or expired; log in again or fix the kubeconfig\n`);
    } finally {
      await stub.close();
    }
  });

  test('every list forbidden (403): one input error line naming what could not be read, exit 2', async () => {
    const stub = await stubServer(url => forbidden(/\/([a-z]+)\?/.exec(url)?.[1] ?? 'x'));
    try {
      const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', stubKubeconfig(stub.port)]);
      expect(status).toBe(2);
      const lines = stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^cdk8s-windows: cluster "stub": cluster "stub" \(http:\/\/127\.0\.0\.1:\d+\), context "stub-ctx": forbidden to list deployments, statefulsets, daemonsets, replicasets, replicationcontrollers, cronjobs, jobs, pods, podtemplates, services \(deployments is forbidden: User "dev" cannot list .*\): they were not checked; give the user get and list on them/);
      // The kinds rules only look at are a warning of their own.
      expect(lines[1]).toMatch(/^cdk8s-windows: warning: cluster "stub": .*forbidden to list namespaces, nodes, runtimeclasses, storageclasses, persistentvolumes, persistentvolumeclaims, horizontalpodautoscalers /);
      expect(lines).toHaveLength(2);
      expect(stdout).toMatch(/^checked 0 objects in cluster "stub": .*1 input error, 1 input warning$/m);
    } finally {
      await stub.close();
    }
  });

  test('one list forbidden: the rest is checked and reported, exit 2', async () => {
    const pod = { metadata: { name: 'p', namespace: 'a' }, spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] } };
    const stub = await stubServer(url => url.startsWith('/api/v1/pods') ? { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod] } }
      : url.startsWith('/api/v1/services') ? forbidden('services') : empty);
    try {
      const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', stubKubeconfig(stub.port), '--format', 'json']);
      expect(status).toBe(2);
      expect(stderr).toMatch(/forbidden to list services \(services is forbidden/);
      const report = JSON.parse(stdout);
      expect(report.findings.map((f: any) => `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`))
        .toContain('windows-image-without-windows-placement Pod/a/p');
      expect(report.inputErrors).toHaveLength(1);
    } finally {
      await stub.close();
    }
  });

  test('pages are followed with limit and continue', async () => {
    const urls: string[] = [];
    const pod = (name: string) => ({ metadata: { name, namespace: 'a' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const stub = await stubServer(url => {
      urls.push(url);
      if (!url.startsWith('/api/v1/pods')) return empty;
      const next = !url.includes('continue=');
      return { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: next ? { continue: 'page/2' } : {}, items: [pod(next ? 'one' : 'two')] } };
    });
    try {
      const { status, stdout } = await check(['--cluster', '--kubeconfig', stubKubeconfig(stub.port), '--format', 'junit']);
      expect(status).toBe(0);
      expect(urls.filter(u => u.startsWith('/api/v1/pods'))).toEqual(['/api/v1/pods?limit=500', '/api/v1/pods?limit=500&continue=page%2F2']);
      expect(stdout).toMatch(/name="Pod\/a\/one"/);
      expect(stdout).toMatch(/name="Pod\/a\/two"/);
    } finally {
      await stub.close();
    }
  });

  test('credentials: an exec plugin\'s token, a tokenFile, and KUBECONFIG files merged (the first to name a context wins)', async () => {
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
      seen.push(String(request.headers.authorization));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(empty.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-creds-'));
      // A credential plugin as EKS and kubelogin ship them: prints an ExecCredential with a token.
      fs.writeFileSync(path.join(dir, 'plugin.js'), 'const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);\n'
        + 'process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: "ExecCredential", status: { token: "from-plugin-" + process.env.EXTRA } }));\n');
      fs.writeFileSync(path.join(dir, 'token'), 'from-file\n');
      const config = (user: object, current?: string) => JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        ...(current ? { 'current-context': current } : {}),
        clusters: [{ name: 'stub', cluster: { server: `http://127.0.0.1:${port}` } }],
        users: [{ name: 'dev', user }],
        contexts: [{ name: 'stub-ctx', context: { cluster: 'stub', user: 'dev' } }],
      });
      fs.writeFileSync(path.join(dir, 'exec.yaml'), config({
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [path.join(dir, 'plugin.js')], env: [{ name: 'EXTRA', value: 'x' }] },
      }, 'stub-ctx'));
      expect((await check(['--cluster', '--kubeconfig', path.join(dir, 'exec.yaml')])).status).toBe(0);
      expect(new Set(seen)).toEqual(new Set(['Bearer from-plugin-x']));
      fs.writeFileSync(path.join(dir, 'file.yaml'), config({ tokenFile: 'token' }, 'stub-ctx'));
      fs.writeFileSync(path.join(dir, 'other.yaml'), config({ token: 'loses' }));
      seen.length = 0;
      const merged = await check(['--cluster', '-n', 'a'], { KUBECONFIG: [path.join(dir, 'missing.yaml'), path.join(dir, 'file.yaml'), path.join(dir, 'other.yaml')].join(path.delimiter) });
      expect(merged.status).toBe(0);
      expect(new Set(seen)).toEqual(new Set(['Bearer from-file']));
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  test('a credential plugin that fails: one line with what it said, exit 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-creds-'));
    fs.writeFileSync(path.join(dir, 'config'), JSON.stringify({
      'apiVersion': 'v1',
      'kind': 'Config',
      'current-context': 'c',
      'clusters': [{ name: 'stub', cluster: { server: 'https://127.0.0.1:1' } }],
      'users': [{ name: 'dev', user: { exec: { command: process.execPath, args: ['-e', 'console.error("token expired: run aws sso login"); process.exit(3)'] } } }],
      'contexts': [{ name: 'c', context: { cluster: 'stub', user: 'dev' } }],
    }));
    const { status, stdout, stderr } = await check(['--cluster', '--kubeconfig', path.join(dir, 'config')]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`cdk8s-windows: --cluster: user "dev" of context "c": the credential plugin ${process.execPath} failed (exit 3): token expired: run aws sso login\n`);
  });

  test('flags: paths with --cluster, or --namespace without it, are usage errors', async () => {
    expect((await check(['--cluster', 'app.yaml'])).stderr).toMatch(/--cluster reads a running cluster: give no paths/);
    const without = await check(['--namespace', 'x', 'app.yaml']);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/--namespace goes with --cluster/);
  });

  test('no kubeconfig at all: one line, exit 2', async () => {
    const { status, stderr } = await check(['--cluster'], { HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-home-')) });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^cdk8s-windows: --cluster: cannot read kubeconfig .*\.kube\/config: ENOENT/);
  });
});
