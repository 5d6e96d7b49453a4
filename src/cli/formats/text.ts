/**
 * Plain text, kube-linter style: one line per finding, then the summary line.
 *
 * `deploy.yaml:21: error: (object: shop/web apps/v1, Kind=Deployment) <message> (check: no-privileged, remediation: <remediation>)`
 *
 * A suppressed finding reads `suppressed error` and ends with `suppressed: <reason>`. The first
 * line names the target (`cdk8s-windows <version>: target Kubernetes 1.37, ...`).
 */
import { describeObject, UNNAMED } from '../../model/finding';
import { CheckReport, headerLine, LocatedFinding, summaryLine } from '../report';

/**
 * One finding as a line. From a cluster (`--cluster`) there is no file: the line starts with the
 * object, `Deployment/shop/web: error: ...`.
 */
export function formatTextFinding(finding: LocatedFinding): string {
  const object = finding.resource;
  const severity = finding.suppressedReason ? `suppressed ${finding.severity}` : finding.severity;
  const target = `(object: ${object.namespace ?? '<no namespace>'}/${object.name ?? UNNAMED} ${object.apiVersion}, Kind=${object.kind})`;
  const tail = finding.suppressedReason
    ? `(check: ${finding.rule}, suppressed: ${finding.suppressedReason})`
    : `(check: ${finding.rule}, remediation: ${finding.remediation})`;
  const where = finding.line === undefined ? describeObject(object) : `${finding.file}:${finding.line}`;
  return `${where}: ${severity}: ${target} ${oneLine(finding.message)} ${oneLine(tail)}`;
}

/** The report's lines, each with its line break, one at a time (the command writes them in pieces). */
export function* textLines(report: CheckReport): Generator<string> {
  yield `${headerLine(report)}\n`;
  for (const finding of report.findings) yield `${formatTextFinding(finding)}\n`;
  yield `${summaryLine(report.summary, report.cluster)}\n`;
}

/** Keeps one finding on one line whatever the manifest's values hold. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
