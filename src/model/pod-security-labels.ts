/**
 * The Pod Security labels of a namespace and their parsing, after k8s.io/pod-security-admission
 * `api/constants.go` and `api/helpers.go` (`ParseLevel`, `ParseVersion`).
 */
import { PodSecurityLabels, PodSecurityLevel } from './pod-security';

/** The label prefix of Pod Security Admission. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The six labels, by mode. */
export const POD_SECURITY_LABELS = {
  enforce: `${POD_SECURITY_LABEL_PREFIX}enforce`,
  enforceVersion: `${POD_SECURITY_LABEL_PREFIX}enforce-version`,
  warn: `${POD_SECURITY_LABEL_PREFIX}warn`,
  warnVersion: `${POD_SECURITY_LABEL_PREFIX}warn-version`,
  audit: `${POD_SECURITY_LABEL_PREFIX}audit`,
  auditVersion: `${POD_SECURITY_LABEL_PREFIX}audit-version`,
} as const;

/** `latest` or `v1.<minor>` (the pattern of `ParseVersion`). */
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** Whether `version` is a policy version Pod Security Admission accepts. */
export function isPodSecurityVersion(version: string): boolean {
  return version === 'latest' || VERSION.test(version);
}

/** The minor of a `v1.<minor>` policy version, or undefined for `latest`. */
export function podSecurityVersionMinor(version: string): number | undefined {
  const match = VERSION.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** Whether `level` is a Pod Security level. */
export function isPodSecurityLevel(level: string): level is PodSecurityLevel {
  return (Object.values(PodSecurityLevel) as string[]).includes(level);
}

/** The labels of a `PodSecurityLabels` struct, as a Namespace carries them. */
export function podSecurityLabelsOf(settings: PodSecurityLabels): { [label: string]: string } {
  const labels: { [label: string]: string } = {};
  for (const [field, label] of Object.entries(POD_SECURITY_LABELS)) {
    const value = (settings as { [field: string]: string | undefined })[field];
    if (value !== undefined) labels[label] = value;
  }
  return labels;
}

/** The problems of a `PodSecurityLabels` struct (unknown levels, malformed versions), for messages. */
export function podSecurityProblems(settings: PodSecurityLabels): string[] {
  const problems: string[] = [];
  for (const [field, label] of Object.entries(POD_SECURITY_LABELS)) {
    const value = (settings as { [field: string]: unknown })[field];
    if (value === undefined) continue;
    const ok = typeof value === 'string' && (field.endsWith('Version') ? isPodSecurityVersion(value) : isPodSecurityLevel(value));
    if (!ok) {
      problems.push(`${field} (${label}) is ${JSON.stringify(value)}: expected ${field.endsWith('Version') ? "'latest' or 'v1.<minor>' (e.g. 'v1.30')" : 'privileged, baseline or restricted'}`);
    }
  }
  return problems;
}
