import { describeObject, Finding, Severity } from '../model/finding';

/** One finding as a multi-line, human-readable block. */
export function formatFinding(finding: Finding): string {
  const head = `[${finding.severity}] ${finding.rule} ${describeObject(finding.resource)} ${finding.path}`;
  const suppressed = finding.suppressedReason ? `\n  suppressed: ${finding.suppressedReason}` : '';
  return `${head}\n  ${finding.message}\n  fix: ${finding.remediation}\n  see: ${finding.docsUrl}${suppressed}`;
}

/** Findings that count against the run: unsuppressed errors, and warnings in strict mode. */
export function isBlocking(finding: Finding, strict: boolean): boolean {
  if (finding.suppressedReason) return false;
  return finding.severity === Severity.ERROR || (strict && finding.severity === Severity.WARNING);
}
