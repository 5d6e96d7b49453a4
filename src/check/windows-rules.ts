import { runRules } from './engine';
import { Finding, Severity } from './finding';
import { TargetProfile } from '../profile';
import { CATALOG } from '../rules/catalog';

/** A rule's documentation, as published in docs/RULES.md. */
export interface RuleInfo {
  /** Stable kebab-case name, e.g. `no-privileged`. */
  readonly name: string;
  /** Default severity. */
  readonly severity: Severity;
  /** What the rule checks. */
  readonly summary: string;
  /** The Windows fact behind it. */
  readonly why: string;
  /** How to fix a violation. */
  readonly remediation: string;
  /** Upstream documentation. */
  readonly docsUrl: string;
  /** The section of the Windows constraints specification it implements. */
  readonly specSection: string;
  /**
   * How the target profile gates the rule.
   * @default - always on
   */
  readonly gating?: string;
}

/**
 * The Windows rule engine, for manifests from anywhere (plain JSON objects as a manifest holds
 * them). Every Windows construct runs the same engine on its own output at synthesis.
 */
export class WindowsRules {
  /**
   * Checks plain Kubernetes objects against every rule. Pod specs are treated as Windows pods.
   *
   * @param manifests Kubernetes objects (e.g. `ApiObject.of(x).toJson()` or parsed YAML)
   * @param profile the target; defaults to `TargetProfile.of()` (Kubernetes 1.27, containerd, process isolation)
   */
  public static check(manifests: any[], profile?: TargetProfile): Finding[] {
    return runRules(manifests, profile ?? TargetProfile.of());
  }

  /** The documentation of every rule, in specification order. */
  public static catalog(): RuleInfo[] {
    return CATALOG.map(rule => ({
      name: rule.name,
      severity: rule.severity,
      summary: rule.summary,
      why: rule.why,
      remediation: rule.remediation,
      docsUrl: rule.docsUrl,
      specSection: rule.specSection,
      gating: rule.gating,
    }));
  }

  private constructor() {}
}
