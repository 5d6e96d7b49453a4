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
  /**
   * The topic the rule belongs to, e.g. `container`: the folder of `src/rules/` it lives in and
   * the section of docs/WINDOWS-FACTS.md that states its Windows fact (`placement`, `pod`,
   * `container`, `volumes`, `service`, `isolation`, `namespace`, `platform`).
   */
  readonly topic: string;
  /**
   * The number of the rule's topic section in docs/WINDOWS-FACTS.md, e.g. `3` for `container`
   * (kept, and still set, for code written against earlier releases).
   * @deprecated use `topic`, which names the section.
   */
  readonly specSection: string;
  /**
   * Where the Windows fact was checked, with the releases: kubernetes.io pages (1.27 and newest
   * docs) and Kubernetes source files and functions (tags), e.g.
   * `pkg/apis/core/validation/validation.go validateWindows (v1.27.16, v1.37.2)`.
   */
  readonly sources: string;
  /**
   * How the target profile gates the rule.
   * @default - always on
   */
  readonly gating?: string;
}
