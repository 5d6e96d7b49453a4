import { Severity } from './finding';

/** A rule's documentation, as published in docs/RULES.md: the one definition of a rule's metadata. */
export interface RuleInfo {
  /** Stable kebab-case name, e.g. `no-privileged`; never reused once published (a rule split in two keeps its old name listed under "Renamed rules" in docs/RULES.md). */
  readonly name: string;
  /** Default severity (a finding may carry a gated one). */
  readonly severity: Severity;
  /** What the rule checks, one line. */
  readonly summary: string;
  /** The Windows fact behind it. */
  readonly why: string;
  /** How to fix a violation. */
  readonly remediation: string;
  /** Upstream documentation of the fact. */
  readonly docsUrl: string;
  /** The section of the Windows constraints specification it implements, e.g. `3`. */
  readonly specSection: string;
  /**
   * How the target profile gates the rule.
   * @default - always on
   */
  readonly gating?: string;
}
