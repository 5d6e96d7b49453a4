import * as fs from 'fs';
import * as path from 'path';
import { checkObjects } from '../engine/check-plan';
import { isBlocking } from '../engine/findings';
import { Finding, Severity, UNNAMED } from '../model/finding';
import { NodePool } from '../model/node-pools';
import { Platform } from '../model/platform';
import { NamespacePodSecurity } from '../model/pod-security';
import { ContainerRuntime, Isolation, KubernetesVersion, TargetProfile, WindowsServerVersion } from '../model/profile';
import { findingKey, RecordedObject, RecordedTarget, recordKey, TARGET_RECORD_FILE, TARGET_RECORD_VERSION, TargetRecord } from '../model/target-record';

/** Properties of the validation plugin, as written under `properties:` in cdk8s.yaml. */
export interface WindowsValidationPluginProps {
  /**
   * The Kubernetes version, e.g. `1.27`, of objects the app did not record a target for (an app
   * using cdk8s-windows records the target of its charts; see the class comment).
   * @default - the app's target when it has one, else '1.27'
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
   * The platform the cluster runs on: `generic`, `aks`, `eks`, `gke` or `openshift` (see
   * `WindowsTargetOptions.platform`).
   * @default - the app's target when it has one, else 'generic'
   */
  readonly platform?: string;

  /**
   * The node pools of the cluster, e.g. `[{ name: win22, labels: { kubernetes.io/os: windows,
   * node.kubernetes.io/windows-build: 10.0.20348 } }]` (see `WindowsTargetOptions.nodePools`).
   * @default - none: the scheduling rules do not run
   */
  readonly nodePools?: NodePool[];
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
 *
 * Objects of an app that uses this library are checked for the target their chart set
 * (`TargetProfile.configure`, construct props): synthesis writes it beside the manifests. The
 * properties give the target of the other objects, and the plugin says so when they contradict
 * the app's. Findings synthesis already printed (warnings) or counted (infos, suppressed
 * findings) are counted in one line rather than said again, unless they fail the plugin's run.
 */
export class WindowsValidationPlugin {
  private readonly profile: TargetProfile;
  /** The target properties set explicitly, to compare with the app's. */
  private readonly explicit: WindowsValidationPluginProps;
  private readonly strict: boolean;
  private readonly assumeWindows: boolean;
  private readonly verbose: boolean;

  /** @throws when a property is not a valid version, runtime, isolation, Pod Security entry or platform */
  constructor(props: WindowsValidationPluginProps = {}) {
    this.profile = profileOf(props, 'WindowsValidationPlugin');
    this.explicit = props;
    this.strict = props.strict === true;
    this.assumeWindows = props.assumeWindows === true;
    this.verbose = props.verbose === true;
  }

  /**
   * Called by the cdk8s CLI after synthesis with its validation context (manifests, report).
   * @param context the cdk8s CLI's `ValidationContext`
   */
  public async validate(context: any): Promise<void> {
    const manifests = context.manifests as string[];
    const objects: Array<{ manifestPath: string; object: any }> = [];
    for (const manifestPath of manifests) {
      for (const object of context.parseManifest(manifestPath) as any[]) {
        if (object && typeof object === 'object') objects.push({ manifestPath, object });
      }
    }
    const record = readRecord(manifests);
    const recorded = new Map((record?.objects ?? []).map(o => [o.key, o]));
    const targets = this.targets(objects.map(o => recorded.get(keyOf(o.object))), record, context);

    // Objects are checked together (Services see their workloads) once per target.
    const findings: Finding[][] = new Array(objects.length);
    for (const [profile, indexes] of targets) {
      const inGroup = new Set(indexes);
      const checked = checkObjects(indexes.map(i => objects[i].object), profile, {
        assumeWindows: this.assumeWindows,
        context: objects.filter((_, i) => !inGroup.has(i)).map(o => o.object),
      });
      indexes.forEach((objectIndex, i) => findings[objectIndex] = checked[i]);
    }

    // One violation per distinct finding (rule, severity, message and fix): each carries its own
    // recommendation, and the objects that have exactly that finding.
    const violations = new Map<string, { finding: Finding; resources: any[] }>();
    let failed = false;
    let saidAtSynthesis = 0;
    findings.forEach((objectFindings, i) => {
      const object = recorded.get(keyOf(objects[i].object));
      const reported = new Set(object?.reported ?? []);
      const suppressed = new Set(object?.suppressed ?? []);
      for (const finding of objectFindings) {
        const key = findingKey(finding.rule, finding.path);
        // Suppressed at synthesis (the manifest may not show it) or said there and not failing here.
        if (suppressed.has(key) || (reported.has(key) && !isBlocking(finding, this.strict))) {
          saidAtSynthesis++;
          continue;
        }
        const blocking = isBlocking(finding, this.strict);
        if (finding.suppressedReason || (finding.severity === Severity.INFO && !this.verbose)) continue;
        failed ||= blocking;
        const violation = JSON.stringify([finding.rule, finding.severity, finding.message, finding.remediation]);
        const entry = violations.get(violation) ?? { finding, resources: [] };
        entry.resources.push({
          resourceName: finding.resource.name ?? UNNAMED,
          locations: [finding.path],
          manifestPath: objects[i].manifestPath,
        });
        violations.set(violation, entry);
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
    if (saidAtSynthesis > 0) {
      log(context, `cdk8s-windows: ${saidAtSynthesis} finding${saidAtSynthesis === 1 ? '' : 's'} reported or suppressed at synthesis not repeated here.`);
    }
    const described = [...new Set([...targets.keys()].map(p => p.describe()))];
    context.report.submit(failed ? 'failure' : 'success', { profile: described.join('; ') });
  }

  /**
   * The target of each object, grouped: the one synthesis recorded for it; else the app's, when
   * every recorded object has the same; else the plugin's properties. Says loudly when a target
   * property set in cdk8s.yaml contradicts the app's.
   */
  private targets(recorded: Array<RecordedObject | undefined>, record: TargetRecord | undefined, context: any): Map<TargetProfile, number[]> {
    const byText = new Map<string, TargetProfile>();
    const profileFor = (target: RecordedTarget): TargetProfile => {
      const text = JSON.stringify(target);
      let profile = byText.get(text);
      if (!profile) byText.set(text, profile = profileOf(target, `${TARGET_RECORD_FILE}`));
      return profile;
    };
    const appTargets = [...new Set((record?.objects ?? []).map(o => JSON.stringify(o.target)))];
    const appTarget = appTargets.length === 1 ? profileFor(JSON.parse(appTargets[0])) : undefined;
    const groups = new Map<TargetProfile, number[]>();
    recorded.forEach((object, i) => {
      const profile = object ? profileFor(object.target) : appTarget ?? this.profile;
      groups.set(profile, [...(groups.get(profile) ?? []), i]);
    });
    for (const profile of byText.values()) {
      const conflicts = contradictions(this.explicit, profile);
      if (conflicts.length > 0) {
        log(context, `cdk8s-windows: WARNING: the plugin properties in cdk8s.yaml say ${conflicts.map(c => c.plugin).join(', ')}, `
          + `but the app's charts target ${profile.describe()}; their objects are checked for the app's target. `
          + 'Set the target once, in the app (TargetProfile.configure), and remove it from the plugin properties.');
      }
    }
    return groups;
  }
}

/** The target properties of `props` that say something else than `profile`. */
function contradictions(props: WindowsValidationPluginProps, profile: TargetProfile): Array<{ plugin: string }> {
  const found: Array<{ plugin: string }> = [];
  const explicit = profileOf(props, 'WindowsValidationPlugin');
  if (props.kubernetesVersion !== undefined && explicit.kubernetesVersion.minor !== profile.kubernetesVersion.minor) {
    found.push({ plugin: `kubernetesVersion ${explicit.kubernetesVersion}` });
  }
  if (props.windowsServerVersion !== undefined && explicit.windowsServerVersion?.year !== profile.windowsServerVersion?.year) {
    found.push({ plugin: `windowsServerVersion ${explicit.windowsServerVersion?.year}` });
  }
  if (props.runtime !== undefined && explicit.runtime !== profile.runtime) found.push({ plugin: `runtime ${explicit.runtime}` });
  if (props.isolation !== undefined && explicit.isolation !== profile.isolation) found.push({ plugin: `isolation ${explicit.isolation}` });
  if (props.podSecurity !== undefined && JSON.stringify(explicit.podSecurity) !== JSON.stringify(profile.podSecurity)) {
    found.push({ plugin: `podSecurity ${JSON.stringify(props.podSecurity)}` });
  }
  if (props.platform !== undefined && explicit.platform !== profile.platform) found.push({ plugin: `platform ${explicit.platform}` });
  if (props.nodePools !== undefined && JSON.stringify(explicit.nodePools) !== JSON.stringify(profile.nodePools)) {
    found.push({ plugin: `nodePools ${explicit.nodePools.map(p => p.name).join(', ')}` });
  }
  return found;
}

/** A profile from strings (plugin properties, or a recorded target). */
function profileOf(props: Partial<RecordedTarget>, where: string): TargetProfile {
  return TargetProfile.of({
    kubernetesVersion: props.kubernetesVersion === undefined ? undefined : KubernetesVersion.of(String(props.kubernetesVersion)),
    windowsServerVersion: props.windowsServerVersion === undefined ? undefined : WindowsServerVersion.of(String(props.windowsServerVersion)),
    runtime: parseChoice(where, 'runtime', props.runtime, Object.values(ContainerRuntime)) as ContainerRuntime | undefined,
    isolation: parseChoice(where, 'isolation', props.isolation, Object.values(Isolation)) as Isolation | undefined,
    podSecurity: props.podSecurity,
    platform: parseChoice(where, 'platform', props.platform, Object.values(Platform)) as Platform | undefined,
    nodePools: props.nodePools,
  });
}

/** The key of a parsed manifest object in the record file. */
function keyOf(object: any): string {
  return recordKey(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
}

/**
 * The record synthesis wrote beside the manifests (in their directory, or the one above for
 * layouts with a folder per chart), when there is one.
 */
function readRecord(manifests: readonly string[]): TargetRecord | undefined {
  const dirs = new Set(manifests.flatMap(m => [path.dirname(m), path.dirname(path.dirname(m))]));
  for (const dir of dirs) {
    const file = path.join(dir, TARGET_RECORD_FILE);
    if (!fs.existsSync(file)) continue;
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as TargetRecord;
    if (record.version !== TARGET_RECORD_VERSION) {
      throw new Error(`WindowsValidationPlugin: ${file} has format version ${record.version}, this plugin reads ${TARGET_RECORD_VERSION}: use the same cdk8s-windows version in the app and in cdk8s.yaml.`);
    }
    return record;
  }
  return undefined;
}

/** Prints a line of the plugin's own (the cdk8s CLI's logger, else stderr). */
function log(context: any, line: string): void {
  if (typeof context.logger?.log === 'function') context.logger.log(line);
  else process.stderr.write(line + '\n');
}

function parseChoice(where: string, name: string, value: unknown, choices: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(String(value))) {
    throw new Error(`${where}: invalid ${name} '${value}': expected one of ${choices.join(', ')}.`);
  }
  return String(value);
}
