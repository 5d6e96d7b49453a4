/**
 * JUnit XML: one `<testsuite>` per source, one `<testcase>` per object (classname = the file,
 * name = `kind/namespace/name`), one `<failure>` listing its blocking findings (the JUnit schema
 * allows one per test case), `<skipped>` for objects the
 * rules do not cover (unknown kinds), an `<error>` test case per input error. Non-blocking
 * findings (warnings, info, suppressed) are listed in `<system-out>`.
 */
import { isBlocking } from '../../engine/findings';
import { describeObject, ObjectReference } from '../../model/finding';
import { CheckReport, InputError, LocatedFinding } from '../report';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

interface Suite {
  readonly file: string;
  readonly cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** `Deployment/shop/web` (`Deployment/web` without a namespace). */
function caseName(object: ObjectReference): string {
  return describeObject(object);
}

function findingText(finding: LocatedFinding): string {
  const where = finding.line === undefined ? describeObject(finding.resource) : `${finding.file}:${finding.line}`;
  return `${where}: ${finding.severity}${finding.suppressedReason ? ' (suppressed)' : ''} ${finding.rule} at ${finding.path}\n`
    + `${finding.message}\nremediation: ${finding.remediation}\nsee: ${finding.docsUrl}`
    + (finding.suppressedReason ? `\nsuppressed: ${finding.suppressedReason}` : '');
}

/** The whole report as JUnit XML. */
export function formatJunit(report: CheckReport): string {
  const suites = new Map<string, Suite>();
  const suite = (file: string) => {
    let s = suites.get(file);
    if (!s) suites.set(file, s = { file, cases: [], tests: 0, failures: 0, errors: 0, skipped: 0 });
    return s;
  };
  const byOrdinal = new Map<number, LocatedFinding[]>();
  for (const finding of report.findings) {
    const list = byOrdinal.get(finding.ordinal);
    if (list) list.push(finding); else byOrdinal.set(finding.ordinal, [finding]);
  }
  const attr = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;
  for (const object of report.objects ?? []) {
    const s = suite(object.file);
    s.tests++;
    const open = `    <testcase${attr('classname', object.file)}${attr('name', caseName(object.object))}`;
    if (object.skipped) {
      s.skipped++;
      s.cases.push(`${open}>\n      <skipped${attr('message', object.skipped)}/>\n    </testcase>`);
      continue;
    }
    const findings = byOrdinal.get(object.ordinal) ?? [];
    const blocking = findings.filter(f => isBlocking(f, report.strict));
    const other = findings.filter(f => !isBlocking(f, report.strict));
    if (blocking.length > 0) s.failures++;
    if (findings.length === 0) {
      s.cases.push(`${open}/>`);
      continue;
    }
    // One <failure> per test case, as the JUnit schema allows: it lists every blocking finding.
    const body: string[] = [];
    if (blocking.length > 0) {
      const message = blocking.length === 1
        ? `${blocking[0].rule}: ${blocking[0].path}`
        : `${blocking.length} findings: ${blocking.map(f => `${f.rule}: ${f.path}`).join('; ')}`;
      const type = blocking.some(f => f.severity === 'error') ? 'error' : blocking[0].severity;
      body.push(`      <failure${attr('message', message)}${attr('type', type)}>${escapeXml(blocking.map(findingText).join('\n\n'))}</failure>`);
    }
    if (other.length > 0) body.push(`      <system-out>${escapeXml(other.map(findingText).join('\n\n'))}</system-out>`);
    s.cases.push(`${open}>\n${body.join('\n')}\n    </testcase>`);
  }
  for (const error of report.inputErrors) errorCase(suite(error.file), error, attr);
  for (const warning of report.inputWarnings) warningCase(suite(warning.file), warning, attr);

  let tests = 0, failures = 0, errors = 0, skipped = 0;
  const body: string[] = [];
  for (const s of suites.values()) {
    tests += s.tests; failures += s.failures; errors += s.errors; skipped += s.skipped;
    body.push(`  <testsuite${attr('name', s.file)}${attr('tests', s.tests)}${attr('failures', s.failures)}${attr('errors', s.errors)}${attr('skipped', s.skipped)}>\n`
      + `    <properties>\n      <property${attr('name', 'target')}${attr('value', report.profile.describe())}/>\n    </properties>`
      + (s.cases.length > 0 ? `\n${s.cases.join('\n')}\n  </testsuite>` : '\n  </testsuite>'));
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<testsuites${attr('name', 'cdk8s-windows')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', skipped)}>\n`
    + (body.length > 0 ? body.join('\n') + '\n' : '')
    + '</testsuites>\n';
}

/** An input warning (a repeated key): a passing case whose output says what kubectl would do. */
function warningCase(s: Suite, warning: InputError, attr: (name: string, value: string | number) => string): void {
  s.tests++;
  const name = warning.documentIndex !== undefined ? `document ${warning.documentIndex + 1}` : 'input';
  const where = warning.line !== undefined ? ` (line ${warning.line})` : '';
  s.cases.push(`    <testcase${attr('classname', warning.file)}${attr('name', name)}>\n`
    + `      <system-out>${escapeXml(`warning: ${warning.message}${where}`)}</system-out>\n    </testcase>`);
}

function errorCase(s: Suite, error: InputError, attr: (name: string, value: string | number) => string): void {
  s.tests++;
  s.errors++;
  const name = error.documentIndex !== undefined ? `document ${error.documentIndex + 1}` : 'input';
  const where = error.line !== undefined ? ` (line ${error.line})` : '';
  s.cases.push(`    <testcase${attr('classname', error.file)}${attr('name', name)}>\n`
    + `      <error${attr('message', `${error.message}${where}`)}${attr('type', 'input')}/>\n    </testcase>`);
}

