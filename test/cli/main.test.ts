// The real command, spawned: the bin script, stdin through a pipe, exit codes, stderr.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES } from './support/cli';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

/** Runs src/cli/main.ts under ts-node, as `cdk8s-windows` runs lib/cli/main.js. */
function spawn(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN, ...args], {
    cwd: FIXTURES,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('main.ts starts with the node shebang (it is the package bin)', () => {
  expect(fs.readFileSync(MAIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.bin['cdk8s-windows']).toBe('lib/cli/main.js');
});

test('manifests piped to stdin; exit 1 on a blocking finding', () => {
  const { status, stdout, stderr } = spawn(['check', '-'], fs.readFileSync(path.join(FIXTURES, 'privileged-windows.yaml'), 'utf8'));
  expect(stderr).toBe('');
  expect(stdout).toMatch(/^cdk8s-windows \S+: target Kubernetes 1\.37, .*\n<stdin>:28: error: \(object: shop\/legacy-api apps\/v1, Kind=Deployment\)/);
  expect(status).toBe(1);
}, 60_000);

test('bad input: exit 2, one clear line on stderr per problem, no stack trace', () => {
  const { status, stdout, stderr } = spawn(['check', 'malformed.yaml', 'missing.yaml', '--format', 'sarif']);
  expect(stderr.trimEnd().split('\n')).toEqual([
    'cdk8s-windows: missing.yaml: cannot read: no such file or directory',
    'cdk8s-windows: malformed.yaml: document 2 (line 12): malformed YAML: bad indentation of a mapping entry',
  ]);
  expect(JSON.parse(stdout).runs[0].results.length).toBeGreaterThan(0);
  expect(status).toBe(2);
}, 60_000);

test('--version', () => {
  const { status, stdout } = spawn(['--version']);
  expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  expect(status).toBe(0);
}, 60_000);

test('--cluster with nothing listening: one line naming the cluster and context, exit 2, no stack trace', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-main-'));
  const kubeconfig = path.join(dir, 'config');
  // Port 1 on the loopback: nothing listens there.
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1',
    'kind: Config',
    'current-context: dev',
    'clusters: [{name: lab, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: me, user: {token: abc}}]',
    'contexts: [{name: dev, context: {cluster: lab, user: me}}]',
  ].join('\n'));
  const { status, stdout, stderr } = spawn(['check', '--cluster', '--kubeconfig', kubeconfig]);
  expect(stderr).toBe('cdk8s-windows: --cluster: cluster "lab", context "dev": cannot connect to https://127.0.0.1:1: connection refused (is the cluster running?)\n');
  expect(stdout).toBe('');
  expect(status).toBe(2);
}, 60_000);
