/**
 * Pod Security Admission as namespaces declare it: the levels, the namespace labels, and the
 * Pod Security settings of namespaces the input does not hold (the target profile's `podSecurity`).
 * Label names and parsing follow k8s.io/pod-security-admission `api/constants.go` and
 * `api/helpers.go` (`ParseLevel`, `ParseVersion`, `PolicyToEvaluate`).
 */

/** A Pod Security Standard level. */
export enum PodSecurityLevel {
  /** No restriction. */
  PRIVILEGED = 'privileged',
  /** Known privilege escalations forbidden: no HostProcess, privileged, host namespaces, hostPath volumes or host ports. */
  BASELINE = 'baseline',
  /** Baseline, and pods must run as non-root with restricted volume types (and, before policy v1.25 or without `spec.os.name: windows`, Linux hardening fields). */
  RESTRICTED = 'restricted',
}

/** The Pod Security labels of a namespace, as a struct. */
export interface PodSecurityLabels {
  /**
   * The level whose violations refuse pods (`pod-security.kubernetes.io/enforce`).
   * @default - privileged (the API server's default configuration)
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * The policy version of `enforce` (`pod-security.kubernetes.io/enforce-version`): `latest` or `v1.<minor>`.
   * @default 'latest'
   */
  readonly enforceVersion?: string;
  /**
   * The level whose violations `kubectl` shows as warnings (`pod-security.kubernetes.io/warn`).
   * @default - the enforce level when enforce is set, else privileged
   */
  readonly warn?: PodSecurityLevel;
  /**
   * The policy version of `warn` (`pod-security.kubernetes.io/warn-version`).
   * @default - the enforce version when warn defaults to the enforce level, else 'latest'
   */
  readonly warnVersion?: string;
  /**
   * The level whose violations are written to the audit log (`pod-security.kubernetes.io/audit`).
   * @default - privileged
   */
  readonly audit?: PodSecurityLevel;
  /**
   * The policy version of `audit` (`pod-security.kubernetes.io/audit-version`).
   * @default 'latest'
   */
  readonly auditVersion?: string;
}

/** The Pod Security labels of a namespace that the manifests do not hold (the cluster has it already). */
export interface NamespacePodSecurity extends PodSecurityLabels {
  /**
   * The namespace.
   * @default - every namespace without an entry of its own or a Namespace object in the input,
   * and the workloads that set no namespace
   */
  readonly namespace?: string;
}

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
