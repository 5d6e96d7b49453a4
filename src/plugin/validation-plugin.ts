import { checkObjects } from '../engine/check-plan';
import { isBlocking } from '../engine/findings';
import { Finding, Severity, UNNAMED } from '../model/finding';
import { NamespacePodSecurity } from '../model/pod-security';
import { ContainerRuntime, Isolation, KubernetesVersion, TargetProfile, WindowsServerVersion } from '../model/profile';

/** Properties of the validation plugin, as written under `properties:` in cdk8s.yaml. */
export interface WindowsValidationPluginProps {
  /**
   * The Kubernetes version, e.g. `1.27`.
   * @default '1.27'
   */
  readonly kubernetesVersion?: string;
  /**
   * The Windows Server version: `2019`, `2022`, `2025`.
   * @default - not pinned
   */
  readonly windowsServerVersion?: string;
  /**
   * The container runtime: `containerd` or `docker-ee`.
   * @default 'containerd'
   */
  readonly runtime?: string;
  /**
   * The isolation: `process` or `hyperv`.
   * @default 'process'
   */
  readonly isolation?: string;
  /**
   * The Pod Security labels of namespaces the manifests do not hold, e.g.
   * `[{ namespace: web, enforce: restricted }]` (see `WindowsTargetOptions.podSecurity`).
   * @default - none: a namespace the manifests do not hold is privileged
   */
  readonly podSecurity?: NamespacePodSecurity[];
  /**
   * Whether warnings fail the synth.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Treat every pod as a Windows pod.
   * @default false
   */
  readonly assumeWindows?: boolean;
  /**
   * Whether the report lists info findings too (errors and warnings are always listed).
   * @default false
   */
  readonly verbose?: boolean;
}

/**
 * A cdk8s CLI validation plugin: `cdk8s synth` checks every synthesized manifest with the
 * Windows rules, reports the violations and fails on errors. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-windows
 *     version: <version>
 *     class: WindowsValidationPlugin
 *     properties: { windowsServerVersion: '2022' }
 * ```
 */
export class WindowsValidationPlugin {
  private readonly profile: TargetProfile;
  private readonly strict: boolean;
  private readonly assumeWindows: boolean;
  private readonly verbose: boolean;

  /** @throws when a property is not a valid version, runtime, isolation or Pod Security entry */
  constructor(props: WindowsValidationPluginProps = {}) {
    this.profile = TargetProfile.of({
      kubernetesVersion: props.kubernetesVersion === undefined ? undefined : KubernetesVersion.of(String(props.kubernetesVersion)),
      windowsServerVersion: props.windowsServerVersion === undefined ? undefined : WindowsServerVersion.of(String(props.windowsServerVersion)),
      runtime: parseChoice('runtime', props.runtime, Object.values(ContainerRuntime)) as ContainerRuntime | undefined,
      isolation: parseChoice('isolation', props.isolation, Object.values(Isolation)) as Isolation | undefined,
      podSecurity: props.podSecurity,
    });
    this.strict = props.strict === true;
    this.assumeWindows = props.assumeWindows === true;
    this.verbose = props.verbose === true;
  }

  /**
   * Called by the cdk8s CLI after synthesis with its validation context (manifests, report).
   * @param context the cdk8s CLI's `ValidationContext`
   */
  public async validate(context: any): Promise<void> {
    const objects: Array<{ manifestPath: string; object: any }> = [];
    for (const manifestPath of context.manifests as string[]) {
      for (const object of context.parseManifest(manifestPath) as any[]) {
        if (object && typeof object === 'object') objects.push({ manifestPath, object });
      }
    }
    const findings = checkObjects(objects.map(o => o.object), this.profile, { assumeWindows: this.assumeWindows });
    // One violation per distinct finding (rule, severity, message and fix): each carries its own
    // recommendation, and the objects that have exactly that finding.
    const violations = new Map<string, { finding: Finding; resources: any[] }>();
    let failed = false;
    findings.forEach((objectFindings, i) => {
      for (const finding of objectFindings) {
        if (finding.suppressedReason || (finding.severity === Severity.INFO && !this.verbose)) continue;
        failed ||= isBlocking(finding, this.strict);
        const key = JSON.stringify([finding.rule, finding.severity, finding.message, finding.remediation]);
        const entry = violations.get(key) ?? { finding, resources: [] };
        entry.resources.push({
          resourceName: finding.resource.name ?? UNNAMED,
          locations: [finding.path],
          manifestPath: objects[i].manifestPath,
        });
        violations.set(key, entry);
      }
    });
    for (const { finding, resources } of violations.values()) {
      context.report.addViolation({
        ruleName: `${finding.rule} (${finding.severity})`,
        recommendation: finding.message,
        fix: `${finding.remediation} See ${finding.docsUrl}`,
        violatingResources: resources,
      });
    }
    context.report.submit(failed ? 'failure' : 'success', { profile: this.profile.describe() });
  }
}

function parseChoice(name: string, value: unknown, choices: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(String(value))) {
    throw new Error(`WindowsValidationPlugin: invalid ${name} '${value}': expected one of ${choices.join(', ')}.`);
  }
  return String(value);
}
