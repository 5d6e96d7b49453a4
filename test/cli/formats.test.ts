// The four output formats: text lines and summary, JSON fields, SARIF against the SARIF 2.1.0
// schema, JUnit well-formed and counted right.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cli, tempDir } from './support/cli';
import { SARIF_SUBSET_SCHEMA } from './support/sarif-schema';
import { sarifUri } from '../../src/cli/formats/sarif';
import { CATALOG, topicOf } from '../../src/engine/catalog';

const INPUTS = ['check', 'privileged-windows.yaml', 'suppressed.yaml', 'crds.yaml', 'malformed.yaml'];

describe('text', () => {
  test('one kube-linter style line per finding, then the summary', async () => {
    const { stdout, status } = await cli(['check', 'privileged-windows.yaml', 'suppressed.yaml', 'crds.yaml']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(
      /^privileged-windows\.yaml:28: error: \(object: shop\/legacy-api apps\/v1, Kind=Deployment\) container 'api' sets privileged: false\. .* \(check: no-privileged, remediation: Remove `privileged`\..*\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^privileged-windows\.yaml:29: error: .*runAsUser.* \(check: no-linux-security-context, remediation: /));
    expect(lines).toContainEqual(expect.stringMatching(
      /^suppressed\.yaml:23: suppressed error: \(object: ops\/agent apps\/v1, Kind=Deployment\) .* \(check: windows-image-build-mismatch, suppressed: These nodes run every pod under Hyper-V isolation by their default runtime handler\.\)$/));
    expect(lines[lines.length - 1]).toMatch(/^checked 3 objects in 3 files: 2 errors, \d+ warnings?, \d+ info, 1 suppressed, 2 skipped \(unknown kinds\)$/);
    expect(status).toBe(1);
  });

  test('objects without a namespace or name say so', async () => {
    const { stdout } = await cli(['check', '-'], {
      stdin: 'apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  containers:\n  - name: a\n    image: x\n    securityContext: {privileged: true}\n',
    });
    expect(stdout).toContain('<stdin>:8: error: (object: <no namespace>/<no name> v1, Kind=Pod)');
  });
});

describe('json', () => {
  test('findings with file, line, document index, object and path; input errors; summary', async () => {
    const { stdout, status } = await cli([...INPUTS, '--format', 'json']);
    const report = JSON.parse(stdout);
    const privileged = report.findings.find((f: any) => f.rule === 'no-privileged' && f.object.name === 'after-the-broken-one');
    expect(privileged).toEqual({
      rule: 'no-privileged',
      severity: 'error',
      file: 'malformed.yaml',
      line: 26,
      documentIndex: 2,
      object: { apiVersion: 'v1', kind: 'Pod', name: 'after-the-broken-one' },
      path: 'spec.containers[0].securityContext.privileged',
      message: expect.stringContaining("container 'app' sets privileged: true"),
      remediation: expect.stringContaining('HostProcess'),
      docsUrl: expect.stringMatching(/^https:\/\//),
      suppressedReason: null,
    });
    const suppressed = report.findings.find((f: any) => f.suppressedReason);
    expect(suppressed).toMatchObject({ rule: 'windows-image-build-mismatch', file: 'suppressed.yaml', line: 23 });
    expect(report.inputErrors).toEqual([
      { file: 'malformed.yaml', documentIndex: 1, line: 12, message: expect.stringContaining('malformed YAML') },
    ]);
    expect(report.summary).toMatchObject({ objects: 5, files: 4, suppressed: 1, skippedUnknownKinds: 2, inputErrors: 1 });
    // The checker defaults to the newest release (docs/CLI.md).
    expect(report.target).toEqual({ kubernetesVersion: '1.37', windowsServerVersion: null, runtime: 'containerd', isolation: 'process', platform: 'generic', nodePools: [], strict: false });
    expect(status).toBe(2);
  });
});

describe('sarif', () => {
  const ajv = () => {
    const instance = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(instance);
    return instance;
  };

  let log: any;
  beforeAll(async () => {
    log = JSON.parse((await cli([...INPUTS, '--format', 'sarif'])).stdout);
  });

  test('is valid against the SARIF 2.1.0 schema (the part the checker uses)', () => {
    const validate = ajv().compile(SARIF_SUBSET_SCHEMA);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    // The schema is strict enough to notice a broken log.
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });

  // The full OASIS schema ships in no installed package; point SARIF_SCHEMA at a copy (for example
  // node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json) to run this.
  const fullSchema = process.env.SARIF_SCHEMA ?? (() => {
    try {
      return require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    } catch {
      return undefined;
    }
  })();
  (fullSchema ? test : test.skip)('is valid against the full SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(fs.readFileSync(fullSchema!, 'utf8'));
    delete schema.$schema; // draft-04 metadata; the keywords it uses mean the same in Ajv's draft-07
    delete schema.id;
    const validate = ajv().compile(schema);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  test('one driver rule per catalog rule, with its documentation', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(CATALOG.map(r => r.name));
    const privileged = rules.find((r: any) => r.id === 'no-privileged');
    const rule = CATALOG.find(r => r.name === 'no-privileged')!;
    expect(privileged).toMatchObject({
      shortDescription: { text: rule.summary },
      fullDescription: { text: rule.why },
      help: { text: rule.remediation },
      helpUri: rule.docsUrl,
      defaultConfiguration: { level: 'error' },
      properties: { topic: 'container' },
    });
    // Each rule names its topic (its section of docs/WINDOWS-FACTS.md), as the catalog lists it.
    expect(rules.map((r: any) => r.properties.topic)).toEqual(CATALOG.map(r => topicOf(r).id));
    const levels = new Set(rules.map((r: any) => r.defaultConfiguration.level));
    for (const level of levels) expect(['error', 'warning', 'note']).toContain(level);
  });

  test('results with rule, level, relative URI and line; suppressions in source', () => {
    const results = log.runs[0].results;
    const privileged = results.find((r: any) => r.ruleId === 'no-privileged' && r.locations[0].physicalLocation.artifactLocation.uri === 'privileged-windows.yaml');
    expect(privileged).toMatchObject({
      level: 'error',
      ruleIndex: CATALOG.findIndex(r => r.name === 'no-privileged'),
      locations: [{ physicalLocation: { region: { startLine: 28 } }, logicalLocations: [{ fullyQualifiedName: 'Deployment/shop/legacy-api' }] }],
    });
    const suppressed = results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([{ kind: 'inSource', justification: 'These nodes run every pod under Hyper-V isolation by their default runtime handler.' }]);
  });

  test('input errors are tool execution notifications, and the run is marked unsuccessful', () => {
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([expect.objectContaining({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'malformed.yaml' }, region: { startLine: 12 } } }],
    })]);
  });
});

describe('junit', () => {
  const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: name => ['testsuite', 'testcase', 'failure'].includes(name) }).parse(xml);

  test('well-formed; one test case per object, one failure listing its blocking findings, skipped and error cases', async () => {
    const { stdout } = await cli([...INPUTS, '--format', 'junit']);
    expect(XMLValidator.validate(stdout)).toBe(true);
    const suites = parse(stdout).testsuites;
    const cases = suites.testsuite.flatMap((s: any) => s.testcase);
    const names = cases.map((c: any) => `${c.classname} ${c.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'privileged-windows.yaml Deployment/shop/legacy-api',
      'suppressed.yaml Deployment/ops/agent',
      'crds.yaml CustomResourceDefinition/widgets.example.com',
      'crds.yaml Widget/blue',
      'malformed.yaml ConfigMap/settings',
      'malformed.yaml document 2',
    ]));
    // The JUnit schema allows one <failure> per test case: it lists every blocking finding.
    for (const c of cases) expect((c.failure ?? []).length).toBeLessThanOrEqual(1);
    const legacy = cases.find((c: any) => c.name === 'Deployment/shop/legacy-api');
    expect(legacy.failure[0].message).toBe('2 findings: no-privileged: spec.template.spec.containers[0].securityContext.privileged; '
      + 'no-linux-security-context: spec.template.spec.containers[0].securityContext.runAsUser');
    expect(legacy.failure[0].type).toBe('error');
    expect(legacy.failure[0]['#text']).toContain('no-privileged at spec.template.spec.containers[0].securityContext.privileged');
    expect(legacy.failure[0]['#text']).toContain('no-linux-security-context at spec.template.spec.containers[0].securityContext.runAsUser');
    expect(cases.find((c: any) => c.name === 'Deployment/ops/agent').failure).toBeUndefined(); // suppressed
    expect(cases.find((c: any) => c.name === 'Widget/blue').skipped).toBeDefined();
    expect(cases.find((c: any) => c.name === 'document 2').error.type).toBe('input');
    expect(Number(suites.tests)).toBe(cases.length);
    expect(Number(suites.failures)).toBe(cases.filter((c: any) => c.failure).length);
    expect(Number(suites.errors)).toBe(1);
  });

  test('escapes markup and control characters from manifests', async () => {
    const name = 'a<b>&"c\'';
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${JSON.stringify(name)}\n  namespace: "x\\u0001y"\nspec:\n  os: {name: windows}\n  containers:\n  - name: "]]></failure>"\n    image: i\n    securityContext: {privileged: true}\n`;
    const { stdout } = await cli(['check', '--format', 'junit', '-'], { stdin: yaml });
    expect(XMLValidator.validate(stdout)).toBe(true);
    const testcase = parse(stdout).testsuites.testsuite[0].testcase[0];
    expect(testcase.name).toBe('Pod/x\uFFFDy/a<b>&"c\'');
    expect(testcase.failure[0]['#text']).toContain("container ']]></failure>' sets privileged: true");
  });
});

test('SARIF URIs: relative with forward slashes and percent-encoding, file:// outside the working directory, stdin', () => {
  const cwd = path.resolve('/work/repo');
  expect(sarifUri(path.join('manifests', 'my app.yaml'), cwd)).toBe('manifests/my%20app.yaml');
  expect(sarifUri('../other/x#1.yaml', cwd)).toBe(pathToFileURL(path.resolve(cwd, '../other/x#1.yaml')).href);
  expect(sarifUri('<stdin>', cwd)).toBe('stdin');
});

describe('docs/CLI.md shows what the command prints', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'CLI.md'), 'utf8');
  const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map(m => ({ language: m[1], text: m[2] }));
  const appYaml = blocks.find(b => b.language === 'yaml')!.text;
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'app.yaml'), appYaml);

  test.each(['text', 'json', 'junit'])('--format %s', async format => {
    const { stdout } = await cli(['check', 'app.yaml', '--format', format], { cwd: dir });
    const documented = format === 'text'
      ? blocks.find(b => b.text.startsWith('$ cdk8s-windows check app.yaml\n'))!.text.replace('$ cdk8s-windows check app.yaml\n', '')
      : blocks.find(b => b.language === (format === 'junit' ? 'xml' : 'json') && (format !== 'json' || b.text.includes('"inputErrors"')))!.text;
    // The samples show the package's own version, as the command prints it.
    expect(stdout).toBe(documented);
  });

  test('every version the samples print is the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    const printed = [...doc.matchAll(/cdk8s-windows (\d+\.\d+\.\d+):|"tool": "cdk8s-windows",\n\s*"version": "([^"]*)"|"name": "cdk8s-windows",\n\s*"version": "([^"]*)"/g)]
      .map(m => m[1] ?? m[2] ?? m[3]);
    // The text header, the JSON report and the SARIF driver.
    expect(printed).toHaveLength(3);
    expect(new Set(printed)).toEqual(new Set([version]));
  });
});
