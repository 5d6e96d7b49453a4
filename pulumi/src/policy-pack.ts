import { PolicyPack, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { describeObject, Finding, Severity, WindowsRules } from 'cdk8s-windows';
import { enforcementLevelOf, policySeverityOf, profileOf, PROFILE_CONFIG_SCHEMA, WindowsPolicyConfig } from './policy-config';
import { KubernetesResource, ResourceManifest, resourceManifests } from './resource-manifests';

/**
 * The policy that reports the findings of each severity. `@pulumi/policy` gives a policy one
 * enforcement level for all its violations, so the three severities are three policies.
 */
export const POLICY_NAMES: Readonly<Record<Severity, string>> = {
  [Severity.ERROR]: 'cdk8s-windows-errors',
  [Severity.WARNING]: 'cdk8s-windows-warnings',
  [Severity.INFO]: 'cdk8s-windows-info',
};

const DESCRIPTIONS: Readonly<Record<Severity, string>> = {
  [Severity.ERROR]: 'Kubernetes objects that cannot work on Windows nodes (cdk8s-windows rules of severity error).',
  [Severity.WARNING]: 'Kubernetes objects likely to misbehave on Windows nodes (cdk8s-windows rules of severity warning).',
  [Severity.INFO]: 'Advice for Kubernetes objects on Windows nodes (cdk8s-windows rules of severity info).',
};

/** A finding with the URN of the resource it is about (`undefined` when no resource matches). */
export interface ResourceFinding {
  /** The finding, as the engine gives it. */
  readonly finding: Finding;
  /** The URN of the resource the finding is about. */
  readonly urn?: string;
}

/**
 * Checks the Kubernetes objects among `resources` together, with the check plan of the
 * command-line checker (`WindowsRules.checkManifests`): Services are judged with the workloads
 * they select, workloads with the claims and RuntimeClasses they name. Suppressed findings (the
 * `ignore-check.cdk8s-windows.io/<rule>` annotation) are kept, with their reason.
 */
export function checkResources(resources: readonly KubernetesResource[], config: WindowsPolicyConfig = {}): ResourceFinding[] {
  const manifests = resourceManifests(resources);
  const findings = WindowsRules.checkManifests(manifests.map(m => m.manifest), {
    profile: profileOf(config),
    assumeWindows: config.assumeWindows ?? false,
  });
  return findings.map(finding => ({ finding, urn: urnOf(finding, manifests) }));
}

/**
 * A violation's text: the rule, the object and field, what is wrong, what to do, and where the
 * Windows fact is documented, the same words as the checker's report.
 */
export function violationMessage(finding: Finding): string {
  return `[${finding.rule}] ${describeObject(finding.resource)} ${finding.path}: ${finding.message}\n`
    + `fix: ${finding.remediation}\nsee: ${finding.docsUrl}`;
}

/**
 * The stack policy reporting the unsuppressed findings of one severity. Its profile is `config`
 * overlaid with the policy's Pulumi policy config (`--policy-pack-config`).
 */
export function severityPolicy(severity: Severity, config: WindowsPolicyConfig = {}): StackValidationPolicy {
  return {
    name: POLICY_NAMES[severity],
    description: DESCRIPTIONS[severity],
    enforcementLevel: enforcementLevelOf(severity, config),
    severity: policySeverityOf(severity),
    configSchema: PROFILE_CONFIG_SCHEMA,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const effective: WindowsPolicyConfig = { ...config, ...args.getConfig<WindowsPolicyConfig>() };
      for (const { finding, urn } of checkResources(args.resources, effective)) {
        if (finding.severity === severity && !finding.suppressedReason) {
          reportViolation(violationMessage(finding), urn);
        }
      }
    },
  };
}

/** The three Windows policies: errors (mandatory), warnings (advisory or strict), info. */
export function windowsPolicies(config: WindowsPolicyConfig = {}): StackValidationPolicy[] {
  return [Severity.ERROR, Severity.WARNING, Severity.INFO].map(severity => severityPolicy(severity, config));
}

/**
 * Serves the Windows policy pack: call it from the program `pulumi --policy-pack` runs (see
 * `runPolicyPack`). The pack's version is that of the package.json in the working directory.
 *
 * @param name the policy pack's name
 * @param config the target profile and enforcement
 */
export function windowsPolicyPack(name: string = 'cdk8s-windows', config: WindowsPolicyConfig = {}): PolicyPack {
  return new PolicyPack(name, {
    description: 'Kubernetes objects checked for Windows nodes by the cdk8s-windows rule engine.',
    policies: windowsPolicies(config),
  });
}

function urnOf(finding: Finding, manifests: readonly ResourceManifest[]): string | undefined {
  const { apiVersion, kind, namespace, name } = finding.resource;
  return manifests.find(({ manifest }) => manifest.apiVersion === apiVersion && manifest.kind === kind
    && manifest.metadata?.name === name && manifest.metadata?.namespace === namespace)?.urn;
}
