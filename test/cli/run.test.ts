// The command end to end, in-process: exit codes, inputs (stdin, files, directories), bad
// input of every kind, suppression, what gets checked (Windows targeting, Services, context).
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, Readable, Writable } from 'stream';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { aliasBomb, cli, FIXTURES, tempDir, windowsDeploymentYaml } from './support/cli';
import { USAGE } from '../../src/cli/args';
import { run, toolVersion } from '../../src/cli/run';

const summaryOf = (stdout: string) => stdout.trimEnd().split('\n').pop();
/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const json = async (args: string[], options: Parameters<typeof cli>[1] = {}) => {
  const result = await cli([...args, '--format', 'json'], options);
  return { ...result, report: JSON.parse(result.stdout) };
};
const rulesOf = (report: any) => report.findings.map((f: any) => f.rule);
/** The first line of every text report. */
const HEADER = `cdk8s-windows ${toolVersion()}: target Kubernetes 1.37, Windows Server not pinned, containerd, process isolation`;

describe('exit status', () => {
  test('0: a clean Windows app (Deployment and the Service in front of it)', async () => {
    const { status, stdout, stderr } = await cli(['check', 'windows-app.yaml']);
    // The first line names the target: the checker defaults to the newest release (docs/CLI.md).
    expect(stdout).toBe(`${HEADER}\nchecked 2 objects in 1 file: 0 errors, 0 warnings, 0 info, 0 suppressed, 0 skipped (unknown kinds)\n`);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('0 with warnings; 1 with --strict', async () => {
    const noMemoryLimit = windowsDeploymentYaml('w').replace(/ {10}resources:\n( {12}.*\n)+/, '');
    const loose = await json(['check', '-'], { stdin: noMemoryLimit });
    expect(rulesOf(loose.report)).toContain('memory-limit-required');
    expect(loose.report.summary).toMatchObject({ errors: 0, blocking: 0 });
    expect(loose.status).toBe(0);
    const strict = await cli(['check', '--strict', '-'], { stdin: noMemoryLimit });
    expect(strict.status).toBe(1);
  });

  test('1: a blocking finding', async () => {
    const { status, stdout } = await cli(['check', 'privileged-windows.yaml']);
    expect(summaryOf(stdout)).toMatch(/^checked 1 object in 1 file: 2 errors, /);
    expect(status).toBe(1);
  });

  test('2 wins over 1: an unreadable document; everything else still checked and printed', async () => {
    const { status, stdout, stderr } = await cli(['check', 'malformed.yaml', 'privileged-windows.yaml']);
    expect(stderr).toBe('cdk8s-windows: malformed.yaml: document 2 (line 12): malformed YAML: bad indentation of a mapping entry\n');
    expect(stdout).toContain("malformed.yaml:26: error: (object: <no namespace>/after-the-broken-one v1, Kind=Pod) container 'app' sets privileged: true");
    expect(stdout).toContain('privileged-windows.yaml:28: error:');
    expect(summaryOf(stdout)).toMatch(/^checked 3 objects in 2 files: 3 errors, .*, 1 input error$/);
    expect(status).toBe(2);
  });

  test.each([
    [['check', '--format', 'xml'], "--format: invalid value 'xml': expected one of text, json, sarif, junit"],
    [['check', '--runtime', 'cri-o'], "--runtime: invalid value 'cri-o': expected one of containerd, docker-ee"],
    [['check', '--isolation', 'vm'], "--isolation: invalid value 'vm': expected one of process, hyperv"],
    [['check', '--kubernetes-version', '2.0'], "--kubernetes-version: Invalid Kubernetes version '2.0': expected a version such as '1.27' (1.14 to 1.37)."],
    [['check', '--windows-version', '2016'], "--windows-version: Unknown Windows Server version '2016'"],
    [['check', '--runtime', 'docker-ee'], '--runtime/--kubernetes-version: Invalid target: the Docker EE runtime needs Kubernetes 1.23 or older'],
    [['check', '--no-such-flag'], "Unknown option '--no-such-flag'"],
    [['lint', 'x.yaml'], "unknown command 'lint': the commands are 'check' and 'policies'"],
    [['check', '-', '-'], "'-' (standard input) can be given only once"],
  ])('2: usage error %j', async (args, message) => {
    const { status, stdout, stderr } = await cli(args);
    expect(stderr).toContain(`cdk8s-windows: ${message}`);
    expect(stderr).toContain("Run 'cdk8s-windows --help' for usage.");
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  test('the target flags reach the rules: docker-ee on 1.23 with Windows Server 2019', async () => {
    const { status } = await cli(['check', '--runtime', 'docker-ee', '--kubernetes-version', '1.23', '--windows-version', '2019', '--isolation', 'hyperv', 'windows-app.yaml']);
    expect([0, 1]).toContain(status);
  });
});

describe('output', () => {
  test('a long text report is written in pieces, which together are the whole report', async () => {
    const privileged = windowsDeploymentYaml('w', '          securityContext:\n            privileged: true\n');
    const stdin = Array.from({ length: 300 }, (_, i) => privileged.replace('name: w\n', `name: w-${i}\n`)).join('---\n');
    const pieces: string[] = [];
    const stdout = new Writable({ write: (chunk, _encoding, callback) => { pieces.push(String(chunk)); callback(); } });
    const status = await run(['check', '-'], { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr: new PassThrough() });
    const whole = await cli(['check', '-', '--format', 'json'], { stdin });
    const findings = JSON.parse(whole.stdout).findings;
    expect(status).toBe(1);
    expect(pieces.length).toBeGreaterThan(1);
    const lines = pieces.join('').trimEnd().split('\n').slice(1);
    expect(pieces.join('').split('\n')[0]).toBe(HEADER);
    expect(lines).toHaveLength(findings.length + 1);
    expect(lines.slice(0, -1).map(line => line.split(': error: ')[0])).toEqual(findings.map((f: any) => `<stdin>:${f.line}`));
    expect(lines[lines.length - 1]).toMatch(/^checked 300 objects in 1 file: /);
  });
});

describe('help and version', () => {
  test('--help and -h print the usage', async () => {
    for (const flag of ['--help', '-h']) {
      const { status, stdout } = await cli([flag]);
      expect(stdout).toBe(USAGE);
      expect(status).toBe(0);
    }
    expect(USAGE).toContain('--kubernetes-version');
    expect(USAGE).toContain('Exit status:');
  });

  test('--version prints the package version', async () => {
    const { status, stdout } = await cli(['--version']);
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    expect(stdout).toBe(`${version}\n`);
    expect(toolVersion()).toBe(version);
    expect(status).toBe(0);
  });
});

describe('inputs', () => {
  const privileged = windowsDeploymentYaml('p', '          securityContext:\n            privileged: true\n');

  test('stdin with -, and with no path', async () => {
    for (const args of [['check', '-'], ['check'], []]) {
      const { status, stdout } = await cli(args, { stdin: privileged });
      expect(stdout.startsWith(`${HEADER}\n<stdin>:${lineOf(privileged, 'privileged: true')}: error: (object: shop/p apps/v1, Kind=Deployment) container 'app' sets privileged: true`)).toBe(true);
      expect(summaryOf(stdout)).toMatch(/^checked 1 object in 1 file: 1 error, /);
      expect(status).toBe(1);
    }
  });

  test('no path and a terminal on stdin: a usage error, not a hang', async () => {
    const { status, stderr } = await cli(['check'], { tty: true });
    expect(stderr).toContain('no input');
    expect(status).toBe(2);
  });

  test('files and stdin together, in the order given', async () => {
    const { stdout } = await cli(['check', 'privileged-windows.yaml', '-'], { stdin: privileged });
    const files = stdout.trimEnd().split('\n').slice(1, -1).map(l => l.split(':')[0]);
    expect(files).toEqual(['privileged-windows.yaml', 'privileged-windows.yaml', '<stdin>']);
  });

  test('a directory: every manifest in it, in name order', async () => {
    const { stdout } = await cli(['check', '.'], { cwd: FIXTURES });
    const files = [...new Set(stdout.trimEnd().split('\n').slice(1, -1).map(l => l.split(':')[0]))];
    expect(files).toEqual([...files].sort());
    expect(files).toEqual(['duplicate-key.yaml', 'linux-app.yaml', 'list.json', 'malformed.yaml', 'privileged-windows.yaml', 'suppressed.yaml']);
    expect(summaryOf(stdout)).toMatch(/ in 8 files: /);
  });

  test('a List: each item is an object of its own, located under items[i]', async () => {
    const { report, status } = await json(['check', 'list.json']);
    expect(report.summary).toMatchObject({ objects: 2 });
    const capabilities = report.findings.find((f: any) => f.rule === 'no-linux-security-context');
    expect(capabilities).toMatchObject({ object: { kind: 'CronJob', name: 'cleanup' }, line: 27, documentIndex: 0 });
    expect(status).toBe(1);
  });

  test('empty stdin (a failed `helm template ... |`): an input error, exit 2', async () => {
    for (const stdin of ['', '# nothing here\n---\n']) {
      const { status, stdout, stderr } = await cli(['check', '-'], { stdin });
      expect(stderr).toBe('cdk8s-windows: <stdin>: standard input is empty (no YAML or JSON documents): nothing was checked; did the command that writes it fail?\n');
      expect(summaryOf(stdout)).toBe('checked 0 objects in 1 file: 0 errors, 0 warnings, 0 info, 0 suppressed, 0 skipped (unknown kinds), 1 input error');
      expect(status).toBe(2);
    }
  });

  const emptyDir = tempDir();
  test('an empty file named on the command line is an input error; one found in a directory a warning', async () => {
    const dir = emptyDir;
    fs.mkdirSync(path.join(dir, 'manifests'));
    fs.writeFileSync(path.join(dir, 'manifests', 'empty.yaml'), '');
    fs.writeFileSync(path.join(dir, 'manifests', 'app.yaml'), windowsDeploymentYaml('web'));
    const named = await json(['check', 'manifests/empty.yaml'], { cwd: dir });
    expect(named.report.inputErrors).toEqual([{ file: 'manifests/empty.yaml', message: expect.stringContaining('the file is empty') }]);
    expect(named.status).toBe(2);
    const walked = await json(['check', 'manifests'], { cwd: dir });
    expect(walked.report.inputErrors).toEqual([]);
    expect(walked.report.inputWarnings).toEqual([{ file: path.join('manifests', 'empty.yaml'), message: expect.stringContaining('the file is empty') }]);
    expect(walked.report.summary).toMatchObject({ objects: 1 });
    expect(walked.status).toBe(0);
  });
});

describe('bad input: reported with file, document and line; everything else still checked', () => {
  const dir = tempDir();
  const good = windowsDeploymentYaml('good', '          securityContext:\n            privileged: true\n');

  async function checkWith(badDocument: string | Buffer, name = 'bad.yaml') {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${good}---\n`), Buffer.isBuffer(badDocument) ? badDocument : Buffer.from(badDocument)]));
    const result = await cli(['check', name, 'privileged-windows.yaml', '--format', 'json'], { cwd: dir });
    return { ...result, report: JSON.parse(result.stdout) };
  }
  beforeAll(() => fs.copyFileSync(path.join(FIXTURES, 'privileged-windows.yaml'), path.join(dir, 'privileged-windows.yaml')));

  const expectOthersChecked = (report: any) => {
    expect(report.findings.filter((f: any) => f.rule === 'no-privileged').map((f: any) => f.object.name)).toEqual(['good', 'legacy-api']);
  };

  test('a document that is a list or a scalar', async () => {
    const { report, status, stderr } = await checkWith('- just\n- a list\n---\nplain text\n');
    expect(report.inputErrors).toEqual([
      { file: 'bad.yaml', documentIndex: 1, line: 31, message: 'not a Kubernetes object: the document is a sequence; skipped' },
      { file: 'bad.yaml', documentIndex: 2, line: 34, message: 'not a Kubernetes object: the document is a string; skipped' },
    ]);
    expect(stderr).toContain('cdk8s-windows: bad.yaml: document 2 (line 31): not a Kubernetes object');
    expectOthersChecked(report);
    expect(status).toBe(2);
  });

  test('unknown kinds and CRDs are skipped and counted, mappings that are not Kubernetes objects too: not errors', async () => {
    const { report, status } = await json(['check', 'crds.yaml', '-'], { stdin: 'replicaCount: 2\nimage:\n  tag: latest\n' });
    expect(report.summary).toMatchObject({ objects: 1, skippedUnknownKinds: 2, skippedNotKubernetes: 1, inputErrors: 0 });
    expect(status).toBe(0);
    const { stdout } = await cli(['check', '-'], { stdin: 'replicaCount: 2\n' });
    expect(summaryOf(stdout)).toBe('checked 0 objects in 1 file: 0 errors, 0 warnings, 0 info, 0 suppressed, 0 skipped (unknown kinds), 1 skipped (not Kubernetes objects)');
  });

  test('a missing file', async () => {
    const result = await cli(['check', 'privileged-windows.yaml', 'no-such-file.yaml', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(result.stdout);
    expect(result.stderr).toBe('cdk8s-windows: no-such-file.yaml: cannot read: no such file or directory\n');
    expect(report.inputErrors).toEqual([{ file: 'no-such-file.yaml', message: 'cannot read: no such file or directory' }]);
    expect(report.summary).toMatchObject({ files: 1, objects: 1 });
    expect(result.status).toBe(2);
  });

  test('an unreadable file', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    fs.writeFileSync(path.join(dir, 'secret.yaml'), good);
    fs.chmodSync(path.join(dir, 'secret.yaml'), 0o000);
    const { status, stderr } = await cli(['check', 'secret.yaml'], { cwd: dir });
    expect(stderr).toContain('secret.yaml: cannot read: permission denied');
    expect(status).toBe(2);
  });

  test('an alias bomb: rejected fast, without expanding it', async () => {
    const start = Date.now();
    const { report, status } = await checkWith(aliasBomb());
    expect(Date.now() - start).toBeLessThan(5000);
    expect(report.inputErrors).toEqual([{ file: 'bad.yaml', documentIndex: 1, line: 31, message: expect.stringContaining('alias bomb') }]);
    expectOthersChecked(report);
    expect(status).toBe(2);
  });

  test('deep nesting: rejected, no stack overflow', async () => {
    const { report, status } = await checkWith(`apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    expect(report.inputErrors).toEqual([{ file: 'bad.yaml', documentIndex: 1, line: 33, message: expect.stringMatching(/^nested deeper than 128 levels/) }]);
    expectOthersChecked(report);
    expect(status).toBe(2);
  });

  test('binary data', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const { report, status } = await checkWith(png);
    // The first line that is not text: the PNG signature's (its NUL bytes come on the next line).
    expect(report.inputErrors).toEqual([{ file: 'bad.yaml', line: 31, message: expect.stringContaining('binary data') }]);
    expectOthersChecked(report);
    expect(status).toBe(2);
  });

  test('invalid UTF-8 (Latin-1 text)', async () => {
    const { report, status } = await checkWith(Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  city: "Z\xfcrich"\n', 'latin1'));
    expect(report.inputErrors).toEqual([{ file: 'bad.yaml', line: 34, message: expect.stringContaining('not valid UTF-8') }]); // the city's line
    expectOthersChecked(report);
    expect(status).toBe(2);
  });

  test('problems are reported in input order: a document\'s own, then a read error after it', async () => {
    // Documents are checked in batches; a read error must still come after the documents before it.
    const { report, stderr } = await checkWith(Buffer.concat([Buffer.from('- a list\n---\nkey: a: b\n---\n'), Buffer.from([0x00])]));
    expect(report.inputErrors.map((e: any) => [e.documentIndex, e.line])).toEqual([[1, 31], [2, 33], [undefined, 35]]);
    expect(report.inputErrors[2].message).toContain('binary data');
    expect(stderr.trim().split('\n').map((l: string) => /\(line (\d+)\)|line (\d+)/.exec(l)?.slice(1).find(Boolean))).toEqual(['31', '33', '35']);
  });

  test('a List item that is not an object', async () => {
    const { report } = await checkWith('apiVersion: v1\nkind: List\nitems:\n  - 42\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n');
    expect(report.inputErrors).toEqual([{ file: 'bad.yaml', documentIndex: 1, line: 31, message: 'items[0] of the List is a number, not a Kubernetes object; skipped' }]);
    expect(report.summary.objects).toBe(3);
  });

  test('a large file (10 MB): every document checked', async () => {
    const document = (i: number) => windowsDeploymentYaml(`app-${i}`, i % 100 === 0 ? '          securityContext:\n            privileged: false\n' : '');
    const file = path.join(dir, 'large.yaml');
    const fd = fs.openSync(file, 'w');
    let count = 0;
    while (fs.fstatSync(fd).size < 10 * 1024 * 1024) {
      fs.writeSync(fd, Array.from({ length: 500 }, (_, k) => `---\n${document(count + k)}`).join(''));
      count += 500;
    }
    fs.closeSync(fd);
    const { report, status } = await json(['check', 'large.yaml'], { cwd: dir });
    expect(report.summary).toMatchObject({ objects: count, files: 1, inputErrors: 0 });
    const privileged = report.findings.filter((f: any) => f.rule === 'no-privileged');
    expect(privileged).toHaveLength(count / 100);
    // Documents 1 to 99 have the same number of lines, document 0 two more (its securityContext).
    const lines = `---\n${document(1)}`.split('\n').length - 1;
    const start = 1 + 100 * lines + 2;
    expect(privileged[1]).toMatchObject({ object: { name: 'app-100' }, documentIndex: 100, line: start + lineOf(`---\n${document(100)}`, 'privileged: false') - 1 });
    expect(status).toBe(1);
  }, 60_000);
});

describe('suppression by annotation', () => {
  const annotate = (manifest: string, rule: string, reason: string) =>
    manifest.replace('  namespace: shop\n', `  namespace: shop\n  annotations:\n    ignore-check.cdk8s-windows.io/${rule}: ${JSON.stringify(reason)}\n`);
  // An ltsc2022 image on Windows Server 2019 nodes: windows-image-build-mismatch, an engine-only error.
  const on2019 = windowsDeploymentYaml('agent', '', '        node.kubernetes.io/windows-build: "10.0.17763"\n');
  const withAnnotation = (reason: string) => annotate(on2019, 'windows-image-build-mismatch', reason);

  test('with a reason: reported as suppressed, not blocking', async () => {
    const { report, status } = await json(['check', '-'], { stdin: withAnnotation('These nodes run pods under Hyper-V isolation by default.') });
    expect(report.findings.filter((f: any) => f.rule === 'windows-image-build-mismatch')).toEqual([
      expect.objectContaining({ suppressedReason: 'These nodes run pods under Hyper-V isolation by default.' }),
    ]);
    expect(report.summary).toMatchObject({ suppressed: 1, errors: 0 });
    expect(status).toBe(0);
  });

  test('a reason shorter than a sentence does not suppress, and an input warning says so', async () => {
    const stdin = withAnnotation('ok');
    const { status, report, stderr } = await json(['check', '-'], { stdin });
    expect(status).toBe(1);
    expect(report.inputWarnings).toEqual([{
      file: '<stdin>',
      documentIndex: 0,
      line: lineOf(stdin, 'ignore-check'),
      message: expect.stringMatching(/^annotation 'ignore-check\.cdk8s-windows\.io\/windows-image-build-mismatch' suppresses nothing\. .*needs a reason of at least 10 characters/),
    }]);
    expect(stderr).toContain("cdk8s-windows: warning: <stdin>: document 1 (line 7): annotation 'ignore-check.cdk8s-windows.io/windows-image-build-mismatch' suppresses nothing");
    expect(report.summary).toMatchObject({ inputWarnings: 1 });
  });

  test('a misspelt rule: an input warning with the nearest rule names', async () => {
    const misspelt = annotate(on2019, 'memory-limits', 'Sized by the vertical pod autoscaler at admission.');
    const { report, status } = await json(['check', '-'], { stdin: misspelt });
    expect(report.inputWarnings).toEqual([expect.objectContaining({
      line: lineOf(misspelt, 'ignore-check'),
      message: expect.stringContaining("unknown rule 'memory-limits' on Deployment/agent: did you mean 'memory-limit-required'?"),
    })]);
    expect(status).toBe(1); // the build mismatch is still an error
  });

  test('a renamed rule: an input warning naming the new id', async () => {
    const renamed = annotate(on2019, 'max-64-backends', 'Fronted by an ingress controller, not the Service.');
    const { report } = await json(['check', '-'], { stdin: renamed });
    expect(report.inputWarnings).toEqual([expect.objectContaining({ message: expect.stringContaining("renamed to 'max-service-backends'") })]);
  });

  test("on the pod template (Helm's podAnnotations): an input warning at that line, and nothing suppressed", async () => {
    const onTemplate = on2019.replace('    metadata:\n      labels:\n', '    metadata:\n      annotations:\n'
      + '        ignore-check.cdk8s-windows.io/windows-image-build-mismatch: "These nodes run pods under Hyper-V isolation by default."\n      labels:\n');
    expect(onTemplate).not.toBe(on2019);
    const { report, status } = await json(['check', '-'], { stdin: onTemplate });
    const line = lineOf(onTemplate, 'ignore-check');
    expect(report.inputWarnings).toEqual([{
      file: '<stdin>',
      documentIndex: 0,
      line,
      message: expect.stringContaining("on the pod template (spec.template.metadata.annotations) suppresses nothing: the checker reads suppressions from the Deployment's own metadata.annotations"),
    }]);
    expect(report.summary).toMatchObject({ suppressed: 0, errors: 1 });
    expect(status).toBe(1);
    for (const format of ['text', 'sarif', 'junit']) {
      const { stdout, stderr } = await cli(['check', '-', '--format', format], { stdin: onTemplate });
      expect(stderr).toContain('on the pod template');
      if (format === 'sarif') {
        const notifications = JSON.parse(stdout).runs[0].invocations[0].toolExecutionNotifications;
        expect(notifications).toEqual([expect.objectContaining({ level: 'warning', message: { text: expect.stringContaining('on the pod template') } })]);
      }
      if (format === 'junit') expect(stdout).toContain('warning: annotation &apos;ignore-check.cdk8s-windows.io/windows-image-build-mismatch&apos; on the pod template');
      if (format === 'text') expect(summaryOf(stdout)).toContain('1 input warning');
    }
  });

  test('a valid suppression gives no input warning', async () => {
    const { report } = await json(['check', '-'], { stdin: withAnnotation('These nodes run pods under Hyper-V isolation by default.') });
    expect(report.inputWarnings).toEqual([]);
  });

  test('a finding the API server rejects (privileged on a pod with spec.os.name: windows) is not suppressed, and the message says why', async () => {
    const privileged = annotate(windowsDeploymentYaml('agent', '          securityContext:\n            privileged: false\n'), 'no-privileged', 'Stripped by our admission webhook before the API server.');
    const { report, status } = await json(['check', '-'], { stdin: privileged });
    expect(report.findings.filter((f: any) => f.rule === 'no-privileged')).toEqual([
      expect.objectContaining({ suppressedReason: null, message: expect.stringContaining('The ignore-check annotation does not suppress this: the API server rejects it.') }),
    ]);
    expect(status).toBe(1);
  });
});

describe('what is checked', () => {
  test('Linux pods: only placement rules (a Windows image without Windows placement), nothing else', async () => {
    const { report } = await json(['check', 'linux-app.yaml']);
    expect(report.findings.map((f: any) => [f.rule, f.object.name, f.line])).toEqual([
      ['windows-image-without-windows-placement', 'reports', 45],
    ]);
  });

  test('--assume-windows: every pod gets every rule', async () => {
    const { report } = await json(['check', '--assume-windows', 'linux-app.yaml']);
    const exporter = rulesOf({ findings: report.findings.filter((f: any) => f.object.name === 'node-exporter') });
    expect(exporter).toEqual(expect.arrayContaining(['no-privileged', 'no-linux-security-context', 'no-host-network', 'no-host-namespaces']));
  });

  const ipv6Service = (selector: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: ${namespace}
spec:
  selector:
    app: ${selector}
  ipFamilies:
    - IPv6
  ipFamilyPolicy: SingleStack
  ports:
    - port: 80
`;
  const linuxDeployment = windowsDeploymentYaml('linux-web')
    .replace('      os:\n        name: windows\n      nodeSelector:\n        kubernetes.io/os: windows\n', '')
    .replace(/image: .*/, 'image: nginx:1.27');

  test('a Service that selects a Windows workload gets the Service rules, wherever it is in the input', async () => {
    for (const stream of [
      `${windowsDeploymentYaml('web')}---\n${ipv6Service('web')}`,
      `${ipv6Service('web')}---\n${windowsDeploymentYaml('web')}`, // Helm puts Services first
    ]) {
      const { report } = await json(['check', '-'], { stdin: stream });
      const ipv6 = report.findings.filter((f: any) => f.rule === 'no-ipv6-single-stack');
      expect(ipv6).toEqual([expect.objectContaining({ object: expect.objectContaining({ kind: 'Service', name: 'svc' }) })]);
      const serviceStart = stream.startsWith('apiVersion: v1\nkind: Service') ? 1 : windowsDeploymentYaml('web').split('\n').length + 1;
      expect(ipv6[0].line).toBe(serviceStart + 8); // ipFamilies
    }
  });

  test('a Service in front of Linux pods, of nothing, or in another namespace: not checked (unless --assume-windows)', async () => {
    for (const stream of [
      `${linuxDeployment}---\n${ipv6Service('linux-web')}`,
      ipv6Service('nothing'),
      `${windowsDeploymentYaml('web')}---\n${ipv6Service('web', 'other')}`,
    ]) {
      expect(rulesOf((await json(['check', '-'], { stdin: stream })).report)).not.toContain('no-ipv6-single-stack');
      expect(rulesOf((await json(['check', '--assume-windows', '-'], { stdin: stream })).report)).toContain('no-ipv6-single-stack');
    }
  });

  test('Service rules see the workloads the Service selects, and the autoscalers that scale them', async () => {
    const big = windowsDeploymentYaml('web').replace('replicas: 1', 'replicas: 1000');
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1000\n  maxReplicas: 1100\n';
    const service = ipv6Service('web').replace('  ipFamilies:\n    - IPv6\n  ipFamilyPolicy: SingleStack\n', '');
    const without = await json(['check', '-'], { stdin: `${service}---\n${big}` });
    expect(rulesOf(without.report)).not.toContain('max-service-backends');
    const withHpa = await json(['check', '-'], { stdin: `${service}---\n${big}---\n${hpa}` });
    expect(withHpa.report.findings.filter((f: any) => f.rule === 'max-service-backends')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('HorizontalPodAutoscaler/web'), line: 7 }),
    ]);
  });

  test('a workload that names a claim is checked with the PersistentVolume that comes after it', async () => {
    const withClaim = windowsDeploymentYaml('db', '          volumeMounts:\n            - name: data\n              mountPath: C:\\\\data\n',
      '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n');
    const pv = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: nfs-data\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteMany]\n  nfs:\n    server: nfs.example.com\n    path: /exports/data\n  claimRef:\n    namespace: shop\n    name: data\n';
    const { report } = await json(['check', '-'], { stdin: `${withClaim}---\n${pv}` });
    expect(report.findings.filter((f: any) => f.rule === 'no-nfs')).toEqual([
      expect.objectContaining({ object: expect.objectContaining({ name: 'db' }), path: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName', line: 23 }),
    ]);
  });
});

describe('robustness', () => {
  const PATHS = [
    [], ['metadata'], ['metadata', 'annotations'], ['spec'], ['spec', 'template'], ['spec', 'template', 'metadata', 'labels'],
    ['spec', 'template', 'spec'], ['spec', 'template', 'spec', 'os'], ['spec', 'template', 'spec', 'nodeSelector'],
    ['spec', 'template', 'spec', 'affinity'], ['spec', 'template', 'spec', 'securityContext'], ['spec', 'template', 'spec', 'volumes'],
    ['spec', 'template', 'spec', 'containers'], ['spec', 'template', 'spec', 'containers', 0],
    ['spec', 'template', 'spec', 'containers', 0, 'securityContext'], ['spec', 'template', 'spec', 'containers', 0, 'resources'],
    ['spec', 'template', 'spec', 'containers', 0, 'volumeMounts'], ['spec', 'template', 'spec', 'containers', 0, 'image'],
  ];
  const set = (object: any, at: Array<string | number>, value: unknown) => {
    if (at.length === 0) return value;
    let node = object;
    for (const key of at.slice(0, -1)) node = node[key];
    node[at[at.length - 1]] = value;
    return object;
  };

  test('odd values anywhere in a Windows workload or its Service: a report and an exit status, never a crash', async () => {
    const rulesFailed = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), async (at, value, service) => {
      const deployment = yaml.load(windowsDeploymentYaml('web')) as any;
      const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
      const stream = service
        ? `${JSON.stringify(deployment)}\n---\n${JSON.stringify(set(svc, at.filter(k => typeof k === 'string').slice(0, 2), value))}\n`
        : `${JSON.stringify(set(deployment, at, value))}\n---\n${JSON.stringify(svc)}\n`;
      const { status, stdout, stderr } = await cli(['check', '--format', 'json', '-'], { stdin: stream });
      const report = JSON.parse(stdout);
      expect([0, 1, 2]).toContain(status);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      for (const error of report.inputErrors) if (/a rule failed/.test(error.message)) rulesFailed.add(error.message);
    }), { numRuns: 300, seed: 20260101 });
    // Rules that throw are reported as input errors of that object (see run.ts); list them for the record.
    if (rulesFailed.size > 0) console.warn(`rules that threw on odd values:\n${[...rulesFailed].join('\n')}`);
  }, 120_000);
});

describe('input kubectl accepts', () => {
  test('a repeated key: the last value wins, as in kubectl, and a warning names the key and its line; the check is complete', async () => {
    const { status, stderr } = await cli(['check', 'duplicate-key.yaml']);
    expect(stderr).toBe('cdk8s-windows: warning: duplicate-key.yaml: document 1 (line 5): duplicated mapping key "apiVersion": kubectl keeps the last value, and so does the check\n');
    // Checked as the apps/v1 Deployment it is: its privileged: false is the only blocking finding.
    expect(status).toBe(1);
    const { report } = await json(['check', 'duplicate-key.yaml']);
    expect(report.inputErrors).toEqual([]);
    expect(report.inputWarnings).toEqual([{ file: 'duplicate-key.yaml', documentIndex: 0, line: 5, message: expect.stringContaining('"apiVersion"') }]);
    expect(report.findings.map((f: any) => [f.rule, f.object.apiVersion, f.line])).toEqual([['no-privileged', 'apps/v1', 22]]);
    expect(report.summary).toMatchObject({ inputErrors: 0, inputWarnings: 1 });
    const text = await cli(['check', 'duplicate-key.yaml']);
    expect(text.stdout).toMatch(/1 input warning\n$/);
  });
});
