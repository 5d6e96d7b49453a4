import { CATALOG } from './catalog';
import { runRules } from './run-rules';
import { Finding } from '../model/finding';
import { TargetProfile } from '../model/profile';
import { RuleInfo } from '../model/rule-info';

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
      sources: rule.sources,
      gating: rule.gating,
    }));
  }

  private constructor() {}
}
