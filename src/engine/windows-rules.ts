import { CATALOG, topicOf } from './catalog';
import { checkObjects } from './check-plan';
import { runRules } from './run-rules';
import { Finding } from '../model/finding';
import { TargetProfile } from '../model/profile';
import { RuleInfo } from '../model/rule-info';

/** Options of `WindowsRules.checkManifests`. */
export interface ManifestCheckOptions {
  /**
   * The target.
   * @default - `TargetProfile.of()`: Kubernetes 1.27, containerd, process isolation
   */
  readonly profile?: TargetProfile;
  /**
   * Treat every pod as a Windows pod, and every Service as fronting one.
   * @default false
   */
  readonly assumeWindows?: boolean;
}

/**
 * The Windows rule engine, for manifests from anywhere (plain JSON objects as a manifest holds
 * them). Every Windows construct runs the same engine on its own output at synthesis.
 *
 * Which method to call:
 * - `checkManifests` for manifests that mix Windows and Linux objects, or that you did not write
 *   (Helm output, YAML files, other tools): it decides which pods are meant for Windows (their
 *   `spec.os.name`, node selector or affinity, or RuntimeClass) and runs every rule on those, the
 *   placement rules on the other pods, and the Service rules on the Services that select a
 *   Windows workload among the objects. It is what the command-line checker, `checkChart`, the
 *   cdk8s validation plugin and the Pulumi policy pack run. When in doubt, use this one.
 * - `check` when every object is meant for Windows (for example the output of your own generator
 *   of Windows workloads): every pod is treated as a Windows pod and every Service as fronting one,
 *   and rules that look across objects see all of `manifests`. `checkManifests` with
 *   `assumeWindows: true` treats pods and Services the same way, but a rule that looks across
 *   objects sees only the objects related to the one checked (a Service: the workloads it selects).
 */
export class WindowsRules {
  /**
   * Checks plain Kubernetes objects, all meant for Windows, against every rule: every pod spec is
   * treated as a Windows pod and every Service as fronting one. For manifests that may hold Linux
   * objects too, use `checkManifests`.
   *
   * @param manifests Kubernetes objects (e.g. `ApiObject.of(x).toJson()` or parsed YAML)
   * @param profile the target; defaults to `TargetProfile.of()` (Kubernetes 1.27, containerd, process isolation)
   */
  public static check(manifests: any[], profile?: TargetProfile): Finding[] {
    return runRules(manifests, profile ?? TargetProfile.of());
  }

  /**
   * Checks manifests the library did not write, as the command-line checker, `checkChart` and the
   * validation plugin do (one check plan): pods that target Windows get every rule, other pods the
   * placement rules, Services the Service rules when they select a Windows workload among
   * `manifests`; other kinds none. The Namespaces of `manifests` judge the pods placed in them by
   * their Pod Security labels (the profile's `podSecurity` those it does not hold), and their
   * ServiceAccounts, RBAC objects and GMSACredentialSpecs the gMSA credential specs pods name.
   * Findings come in the order of the objects they are about.
   *
   * @param manifests Kubernetes objects (parsed YAML, rendered output of any tool)
   * @param options the target and whether to treat every pod as a Windows pod
   */
  public static checkManifests(manifests: any[], options: ManifestCheckOptions = {}): Finding[] {
    return checkObjects(manifests, options.profile ?? TargetProfile.of(), { assumeWindows: options.assumeWindows ?? false }).flat();
  }

  /** The documentation of every rule, topic by topic (the order of docs/RULES.md). */
  public static catalog(): RuleInfo[] {
    return CATALOG.map(rule => ({
      name: rule.name,
      severity: rule.severity,
      summary: rule.summary,
      why: rule.why,
      remediation: rule.remediation,
      docsUrl: rule.docsUrl,
      topic: topicOf(rule).id,
      specSection: String(topicOf(rule).number),
      sources: rule.sources,
      gating: rule.gating,
    }));
  }

  private constructor() {}
}
