import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { podSecurityRefusals, strictestAdmittingLevel } from '../engine/admission';
import { JsonObject } from '../model/manifest';
import { PodSecurityLevel } from '../model/pod-security';
import { isPodSecurityVersion, POD_SECURITY_LABELS } from '../model/pod-security-labels';
import { TargetProfile } from '../model/profile';
import { addPassCheck, Render } from '../synthesis/validation-pass';

/** Props of a `WindowsNamespace`. */
export interface WindowsNamespaceProps extends kplus.NamespaceProps {
  /**
   * The Pod Security level the namespace enforces, warns and audits at. Synthesis fails when it
   * refuses a workload placed in the namespace (a HostProcess pod under baseline, an
   * administrator image under restricted), naming the workload and the check.
   * @default - the strictest level that admits every workload placed in the namespace: restricted
   * for pods that run as ContainerUser; baseline when one runs as ContainerAdministrator (IIS,
   * ASP.NET, WCF images); privileged when one is a HostProcess pod or mounts a host path
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * The Pod Security policy version of the three labels: `latest` or `v1.<minor>`.
   * @default - the target's Kubernetes minor (`v1.27` for the default target): the version the
   * library judged the workloads at, so a cluster upgrade adds no check they were not judged by
   */
  readonly podSecurityVersion?: string;
}

/**
 * A Namespace with the Pod Security labels that fit the workloads placed in it
 * (`pod-security.kubernetes.io/enforce`, `warn` and `audit`, each with its `-version`). A
 * workload is placed in the namespace when its manifest's `metadata.namespace` is the
 * namespace's name (as cdk8s does it: `metadata: { namespace: ns.name }`), anywhere in the app.
 *
 * @example
 * const web = new WindowsNamespace(chart, 'web', { metadata: { name: 'web' } });
 * new WindowsDeployment(chart, 'site', {
 *   metadata: { namespace: web.name },
 *   containers: [{ image: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', portNumber: 8080 }],
 * }); // web is labelled restricted
 */
export class WindowsNamespace extends kplus.Namespace {
  /** The target the namespace's workloads are judged for. */
  public readonly profile: TargetProfile;
  /** The policy version of the labels. */
  public readonly podSecurityVersion: string;
  private readonly explicitLevel?: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: WindowsNamespaceProps = {}) {
    super(scope, id, props);
    this.profile = TargetProfile.resolve(this);
    if (props.podSecurity !== undefined && !(Object.values(PodSecurityLevel) as string[]).includes(props.podSecurity)) {
      throw new Error(`${this.node.path}: podSecurity '${props.podSecurity}' is not a Pod Security level: use PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED.`);
    }
    if (props.podSecurityVersion !== undefined && !isPodSecurityVersion(props.podSecurityVersion)) {
      throw new Error(`${this.node.path}: podSecurityVersion '${props.podSecurityVersion}' is not a Pod Security version: use 'latest' or 'v1.<minor>' (e.g. 'v1.30').`);
    }
    for (const label of Object.values(POD_SECURITY_LABELS)) {
      if (props.metadata?.labels?.[label] !== undefined) {
        throw new Error(`${this.node.path}: the label ${label} is set in metadata.labels: set the podSecurity and podSecurityVersion props instead (the namespace writes all six Pod Security labels from them).`);
      }
    }
    this.explicitLevel = props.podSecurity;
    this.podSecurityVersion = props.podSecurityVersion ?? `v1.${this.profile.kubernetesVersion.minor}`;
    const level = Lazy.any({ produce: () => this.podSecurityLevel });
    for (const mode of ['enforce', 'warn', 'audit'] as const) {
      // Resolved when the namespace is rendered: the workloads placed in it are known by then.
      this.metadata.addLabel(POD_SECURITY_LABELS[mode], level as unknown as string);
      this.metadata.addLabel(POD_SECURITY_LABELS[`${mode}Version`], this.podSecurityVersion);
    }
    // Checked with the app's other checks, sharing their renderings (../synthesis/validation-pass.ts).
    addPassCheck(this, render => this.refusals(render));
  }

  /** The level the namespace's labels carry: the `podSecurity` prop, else the strictest level that admits its workloads. */
  public get podSecurityLevel(): PodSecurityLevel {
    return this.explicitLevel ?? strictestAdmittingLevel(this.workloadManifests(), this.podSecurityVersion, this.profile);
  }

  /** The manifests of the app's objects placed in this namespace. */
  private workloadManifests(render: Render = apiObject => apiObject.toJson()): JsonObject[] {
    const own = ApiObject.of(this);
    return this.node.root.node.findAll().filter(ApiObject.isApiObject)
      .filter(o => o !== own && o.metadata.namespace === this.name)
      .map(render);
  }

  /** What an explicit level refuses among the namespace's workloads. */
  private refusals(render: Render): string[] {
    if (this.explicitLevel === undefined) return [];
    return podSecurityRefusals(this.workloadManifests(render), this.explicitLevel, this.podSecurityVersion, this.profile).map(refusal =>
      `WindowsNamespace '${this.name}' is labelled ${this.explicitLevel} (version ${this.podSecurityVersion}), which refuses the pods of ${refusal.workload} placed in it: `
      + `${refusal.checks.join('; ')}. Leave podSecurity unset to label the namespace with the strictest level that admits its workloads, `
      + 'or change the workload (HostProcess pods need privileged; images that run as ContainerAdministrator, such as IIS, ASP.NET and WCF, need baseline).');
  }
}
