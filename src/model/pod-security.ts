/**
 * Pod Security Admission as namespaces declare it: the levels, and the Pod Security settings of
 * namespaces the input does not hold (the target profile's `podSecurity`). The label names and
 * their parsing are in ./pod-security-labels.ts.
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
