/**
 * JSON: `{ tool, version, target, findings: [...], inputErrors: [...], inputWarnings: [...], summary: {...} }`. Every
 * finding has every field (`suppressedReason` is null when not suppressed); `path` is the field
 * path within the object, `line` and `documentIndex` where the object is in `file`.
 */
import { CheckReport } from '../report';

/** The whole report as a JSON document. */
export function formatJson(report: CheckReport): string {
  const output = {
    tool: 'cdk8s-windows',
    version: report.version,
    target: {
      kubernetesVersion: report.profile.kubernetesVersion.toString(),
      windowsServerVersion: report.profile.windowsServerVersion?.year ?? null,
      runtime: report.profile.runtime,
      isolation: report.profile.isolation,
      strict: report.strict,
    },
    findings: report.findings.map(f => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      documentIndex: f.documentIndex,
      object: f.resource,
      path: f.path,
      message: f.message,
      remediation: f.remediation,
      docsUrl: f.docsUrl,
      suppressedReason: f.suppressedReason ?? null,
    })),
    inputErrors: report.inputErrors,
    inputWarnings: report.inputWarnings,
    summary: report.summary,
  };
  return JSON.stringify(output, null, 2) + '\n';
}
