/**
 * JSON: `{ tool, version, target, findings: [...], inputErrors: [...], inputWarnings: [...], summary: {...} }`. Every
 * finding has every field (`suppressedReason` is null when not suppressed); `path` is the field
 * path within the object, `line` and `documentIndex` where the object is in `file`. With
 * `--cluster`, `cluster` names what was read and `file`, `line` and `documentIndex` are null.
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
      platform: report.profile.platform,
      // The node pools the scheduling rules judged pods by (--nodes, --cluster); empty when none.
      nodePools: report.profile.nodePools,
      strict: report.strict,
    },
    // --cluster: what was read; findings then have no file, line or document (null).
    ...(report.cluster ? { cluster: { ...report.cluster, namespace: report.cluster.namespace ?? null } } : {}),
    findings: report.findings.map(f => ({
      rule: f.rule,
      severity: f.severity,
      file: report.cluster ? null : f.file,
      line: f.line ?? null,
      documentIndex: f.documentIndex ?? null,
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
