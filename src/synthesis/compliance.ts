import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { recordForPlugin as recordTarget } from './plugin-record';
import { isSynthesizing, keepRenderings, markSynthesisCalls, onSynthesisEnd, renderOnce } from './render-once';
import { checkObjects } from '../engine/check-plan';
import { formatFinding, isBlocking } from '../engine/findings';
import { suppressionProblem } from '../engine/suppressions';
import { Finding, Severity } from '../model/finding';
import { JsonObject } from '../model/manifest';
import { TargetProfile, WindowsTargetOptions } from '../model/profile';

const SUPPRESSION_METADATA = 'cdk8s-windows:suppression';
const STRICT_CONTEXT = 'cdk8s-windows:strict';
const VERBOSE_CONTEXT = 'cdk8s-windows:verbose';

/** A rule switched off for a construct (and everything under it), with the reason why. */
export interface RuleSuppression {
  /** The rule's name, e.g. `memory-limit-required`. */
  readonly rule: string;
  /** Why the finding does not apply here: at least a sentence. */
  readonly reason: string;
}

/** How the Windows rules are enforced on a construct at synthesis. */
export interface WindowsComplianceOptions {
  /**
   * Whether warnings fail synthesis like errors.
   * @default - the `cdk8s-windows:strict` context value, else false
   */
  readonly strict?: boolean;

  /**
   * Rules suppressed for this construct.
   * @default - none
   */
  readonly suppressions?: RuleSuppression[];

  /**
   * Whether synthesis prints info findings one by one. Errors fail synthesis and warnings are
   * printed either way; infos are otherwise counted in one line at the end of synthesis.
   * @default - the `cdk8s-windows:verbose` context value, else false
   */
  readonly verbose?: boolean;
}

/**
 * Synthesis-time enforcement of the Windows rules: suppressions, strict mode, and the findings
 * of a construct.
 */
export class WindowsCompliance {
  /**
   * Suppresses `rule` for `scope` and everything under it. The finding is still reported, marked
   * suppressed with the reason.
   *
   * @throws when the rule is unknown or renamed, or the reason is shorter than a sentence.
   */
  public static suppress(scope: IConstruct, rule: string, reason: string): void {
    const problem = suppressionProblem(rule, reason, scope.node.path);
    if (problem) throw new Error(problem);
    scope.node.addMetadata(SUPPRESSION_METADATA, { rule, reason: reason.trim() });
  }

  /** Sets strict mode (warnings fail synthesis) for everything under `scope`; call before adding children. */
  public static setStrict(scope: IConstruct, strict: boolean): void {
    scope.node.setContext(STRICT_CONTEXT, strict);
  }

  /**
   * The findings under `scope` (a Windows construct, a chart, the app), with the suppressions
   * recorded on each object and its ancestors: every Windows construct's findings for the target
   * it was built for, and the findings of the other API objects as `checkChart` would report
   * them. A Windows Service also sees the workloads it selects.
   *
   * @param profile the target to check for instead
   */
  public static findings(scope: IConstruct, profile?: TargetProfile): Finding[] {
    const windows = windowsConstructsUnder(scope).flatMap(c => findingsOf(c, profile ?? enforcedProfiles.get(c)!));
    const others = otherObjectsFindings(scope, profile ?? TargetProfile.resolve(scope), false);
    return [...windows, ...others.flatMap(({ findings }) => findings)];
  }

  /**
   * Makes synthesis of `construct` fail on its blocking findings, and report the others.
   * Windows constructs call this themselves.
   *
   * @param profile the target the construct was built for
   */
  public static enforce(construct: IConstruct, profile: TargetProfile, options: WindowsComplianceOptions = {}): void {
    for (const suppression of options.suppressions ?? []) {
      WindowsCompliance.suppress(construct, suppression.rule, suppression.reason);
    }
    enforcedProfiles.set(construct, profile);
    keepRenderings(ApiObject.of(construct));
    construct.node.addValidation({
      validate: () => {
        const strict = options.strict ?? construct.node.tryGetContext(STRICT_CONTEXT) === true;
        const findings = findingsOf(construct, profile);
        const blocking = findings.filter(f => isBlocking(f, strict));
        const reportable = findings.filter(f => !isBlocking(f, strict));
        reportOnce(construct, reportable, isVerbose(construct, options));
        recordForPlugin(ApiObject.of(construct), profile, reportable);
        return blocking.map(formatFinding);
      },
    });
  }

  /**
   * Checks every API object under `scope` that a Windows construct does not already check: plain
   * cdk8s-plus objects with Windows placement, `Include`d YAML, the `Helm` construct's output.
   * Pods that target Windows (os field, Windows node selector or affinity, a Windows
   * RuntimeClass) and the Services in front of them get every rule; other pods the placement
   * rules (a Windows image without Windows placement, contradictory placement). Same messages,
   * strict mode and suppressions as the Windows constructs.
   *
   * @example
   * new Include(chart, 'vendor', { url: 'vendor-agent.yaml' });
   * WindowsCompliance.checkChart(chart, { windowsServerVersion: WindowsServerVersion.WS2022 });
   */
  public static checkChart(scope: IConstruct, options: ChartCheckOptions = {}): void {
    for (const suppression of options.suppressions ?? []) {
      WindowsCompliance.suppress(scope, suppression.rule, suppression.reason);
    }
    markSynthesisCalls(scope);
    scope.node.addValidation({
      validate: () => {
        const profile = TargetProfile.resolve(scope, options);
        const strict = options.strict ?? scope.node.tryGetContext(STRICT_CONTEXT) === true;
        const errors: string[] = [];
        for (const { apiObject, findings } of otherObjectsFindings(scope, profile, options.assumeWindows ?? false)) {
          const reportable = findings.filter(f => !isBlocking(f, strict));
          reportOnce(apiObject, reportable, isVerbose(scope, options));
          recordForPlugin(apiObject, profile, reportable);
          errors.push(...findings.filter(f => isBlocking(f, strict)).map(f => `[${apiObject.node.path}] ${formatFinding(f)}`));
        }
        return errors;
      },
    });
  }

  private constructor() {}
}

/** Options of the chart-wide check. */
export interface ChartCheckOptions extends WindowsComplianceOptions, WindowsTargetOptions {
  /**
   * Treat every pod as a Windows pod, whatever its placement.
   * @default false
   */
  readonly assumeWindows?: boolean;
}

/** The Windows constructs (they check their own objects), with the target each was built for. */
const enforcedProfiles = new WeakMap<IConstruct, TargetProfile>();

function windowsConstructsUnder(scope: IConstruct): IConstruct[] {
  return scope.node.findAll().filter(c => enforcedProfiles.has(c));
}

/** An API object and its findings. */
interface ObjectFindings {
  readonly apiObject: ApiObject;
  readonly findings: Finding[];
}

/**
 * The API objects under `scope` that no Windows construct checks (plain cdk8s-plus objects,
 * `Include`d YAML, Helm output), each with its findings by the check plan and its suppressions:
 * what `checkChart` enforces and `findings` lists.
 */
function otherObjectsFindings(scope: IConstruct, profile: TargetProfile, assumeWindows: boolean): ObjectFindings[] {
  const apiObjects = scope.node.findAll().filter(ApiObject.isApiObject)
    .filter(o => !o.node.scopes.some(s => enforcedProfiles.has(s)));
  if (apiObjects.length === 0) return [];
  const findingsPerObject = checkObjects(apiObjects.map(renderOnce), profile, { assumeWindows });
  return apiObjects.map((apiObject, i) => ({ apiObject, findings: applySuppressions(apiObject, findingsPerObject[i]) }));
}

/** Whether infos are printed one by one: the option, else the `cdk8s-windows:verbose` context value. */
function isVerbose(scope: IConstruct, options: WindowsComplianceOptions): boolean {
  return options.verbose ?? scope.node.tryGetContext(VERBOSE_CONTEXT) === true;
}

/**
 * Manifests that rules looking across objects need beside a construct's own (the workloads a
 * Service selects), produced on demand. Only these are rendered: synthesis stays linear.
 */
const relatedManifests = new WeakMap<IConstruct, Array<() => JsonObject[]>>();

/** Records that the rules on `construct` need the manifests `produce` returns as context. */
export function addRelatedManifests(construct: IConstruct, produce: () => JsonObject[]): void {
  relatedManifests.set(construct, [...(relatedManifests.get(construct) ?? []), produce]);
}

/**
 * The rule findings of one rendering. Within a synthesis each object is rendered once
 * (render-once.ts), and cdk8s runs the validations more than once (`App.synth` per chart and
 * for the app): keyed by the rendering, the rules run once per object per synthesis. Outside a
 * synthesis every rendering is new, so nothing stale is ever reused.
 */
const findingsByManifest = new WeakMap<JsonObject, { readonly profile: TargetProfile; readonly findings: Finding[] }>();

function findingsOf(construct: IConstruct, profile: TargetProfile): Finding[] {
  const manifest = renderOnce(ApiObject.of(construct));
  if (isSynthesizing() && !findingsByManifest.has(manifest)) checkChartOnce(construct);
  const known = findingsByManifest.get(manifest);
  const findings = known?.profile === profile ? known.findings : ruleFindings(construct, manifest, profile);
  return applySuppressions(construct, findings);
}

/** The manifests the rules on `construct` look at beside its own (see `addRelatedManifests`). */
function relatedContext(construct: IConstruct): JsonObject[] {
  return (relatedManifests.get(construct) ?? []).flatMap(produce => produce());
}

function ruleFindings(construct: IConstruct, manifest: JsonObject, profile: TargetProfile, context = relatedContext(construct)): Finding[] {
  // A Windows construct's own object is a Windows pod (or a Service in front of Windows pods).
  const [findings] = checkObjects([manifest], profile, { assumeWindows: true, context });
  findingsByManifest.set(manifest, { profile, findings });
  return findings;
}

/**
 * Runs the rules on every Windows construct of the chart in one pass, at its first validation in
 * a synthesis: the rules then run back to back as in the checker, not between cdk8s's renderings.
 * A construct whose rendering fails is left to its own validation, which reports it there.
 */
function checkChartOnce(construct: IConstruct): void {
  // Everything is rendered first, then the rules run back to back.
  const pending: Array<{ construct: IConstruct; manifest: JsonObject; context: JsonObject[] }> = [];
  for (const windows of windowsConstructsUnder(Chart.of(construct))) {
    try {
      const manifest = renderOnce(ApiObject.of(windows));
      if (!findingsByManifest.has(manifest)) pending.push({ construct: windows, manifest, context: relatedContext(windows) });
    } catch {
      continue;
    }
  }
  for (const entry of pending) ruleFindings(entry.construct, entry.manifest, enforcedProfiles.get(entry.construct)!, entry.context);
}

function applySuppressions(construct: IConstruct, findings: Finding[]): Finding[] {
  const suppressions = new Map<string, string>();
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type === SUPPRESSION_METADATA) suppressions.set(entry.data.rule, entry.data.reason);
    }
  }
  return findings.map(f => (f.suppressedReason || !suppressions.has(f.rule) ? f : { ...f, suppressedReason: suppressions.get(f.rule) }));
}

// Validations can run more than once per synthesis: print each non-blocking finding once.
const reported = new WeakMap<IConstruct, Set<string>>();
function reportOnce(construct: IConstruct, findings: Finding[], verbose: boolean): void {
  const seen = reported.get(construct) ?? new Set<string>();
  reported.set(construct, seen);
  for (const finding of findings) {
    const text = `[${construct.node.path}] ${formatFinding(finding)}`;
    if (seen.has(text)) continue;
    seen.add(text);
    if (verbose || (finding.severity !== Severity.INFO && !finding.suppressedReason)) {
      process.stderr.write(text + '\n');
    } else if (finding.suppressedReason) {
      unprinted.suppressed++;
    } else {
      unprinted.infos++;
    }
  }
}

// Quiet by default: infos and suppressed findings are counted during a synthesis and summed up in
// one line at its end.
const unprinted = { infos: 0, suppressed: 0 };
onSynthesisEnd(() => {
  const parts = [
    unprinted.infos > 0 ? `${unprinted.infos} info finding${unprinted.infos === 1 ? '' : 's'}` : undefined,
    unprinted.suppressed > 0 ? `${unprinted.suppressed} suppressed finding${unprinted.suppressed === 1 ? '' : 's'}` : undefined,
  ].filter(Boolean);
  unprinted.infos = 0;
  unprinted.suppressed = 0;
  if (parts.length === 0) return;
  process.stderr.write(`cdk8s-windows: ${parts.join(' and ')} not shown (print them with the verbose prop, or with `
    + `app.node.setContext('${VERBOSE_CONTEXT}', true) before adding charts; list them with WindowsCompliance.findings)\n`);
});

/**
 * Tells the validation plugin, when the cdk8s CLI runs one, which target each object was checked
 * for and which findings synthesis has reported already (see plugin-record.ts).
 */
function recordForPlugin(apiObject: ApiObject, profile: TargetProfile, nonBlocking: Finding[]): void {
  // The App (an App, not a bare Chart of Testing.chart()) says whether the CLI asked for metadata.
  const app = apiObject.node.root as unknown as { outdir?: unknown; recordConstructMetadata?: unknown };
  if (typeof app.outdir !== 'string' || app.recordConstructMetadata !== true) return;
  recordTarget(app.outdir, apiObject, profile, nonBlocking);
}

