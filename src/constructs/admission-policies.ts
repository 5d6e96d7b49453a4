import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { admissionPolicies, requirePolicyTarget, rulePolicies } from '../admission-policy/policies';
import { TargetProfile, WindowsTargetOptions } from '../model/profile';

/** What the API server does with a request when a policy cannot be evaluated (`failurePolicy`). */
export enum AdmissionFailurePolicy {
  /** Refuse the request. */
  FAIL = 'Fail',
  /** Admit the request as if the policy did not exist. */
  IGNORE = 'Ignore',
}

/** Props of `WindowsAdmissionPolicies`. */
export interface WindowsAdmissionPoliciesProps extends WindowsTargetOptions {
  /**
   * Only these rules (their names, as in docs/RULES.md).
   * @default - every rule that has a policy at the target
   */
  readonly rules?: string[];

  /**
   * What the API server does with a request when a policy cannot be evaluated.
   * @default AdmissionFailurePolicy.FAIL
   */
  readonly failurePolicy?: AdmissionFailurePolicy;

  /**
   * Labels a namespace must carry for the policies to judge the workloads in it.
   * @default - every namespace
   */
  readonly namespaceLabels?: { [key: string]: string };
}

/**
 * The Windows rules as ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, Kubernetes
 * 1.30 or newer) and their bindings, one per rule that can be judged on one object, for the
 * target: the API server then denies workloads with errors and warns about warnings, whatever
 * tool applies them. Pods and workloads that target Windows get every rule, others the
 * placement rules; an `ignore-check.cdk8s-windows.io/<rule>` annotation suppresses a rule as in
 * the checker. Rules that look at other objects (Services, namespaces, RuntimeClasses) stay with
 * the checker and synthesis: docs/RULES.md says where each rule is enforced.
 *
 * @example
 * new WindowsAdmissionPolicies(chart, 'policies', {
 *   kubernetesVersion: KubernetesVersion.of('1.32'),
 *   windowsServerVersion: WindowsServerVersion.WS2022,
 * });
 */
export class WindowsAdmissionPolicies extends Construct {
  /** The names of the policies written (each binding has its policy's name). */
  public readonly policyNames: string[];

  /** The target the policies were written for. */
  public readonly profile: TargetProfile;

  /**
   * @throws when the target is older than Kubernetes 1.30, or a rule name is unknown.
   */
  constructor(scope: Construct, id: string, props: WindowsAdmissionPoliciesProps = {}) {
    super(scope, id);
    this.profile = TargetProfile.resolve(this, props);
    requirePolicyTarget(this.profile, 'set kubernetesVersion in the props or with TargetProfile.configure');
    const options = {
      rules: props.rules,
      failurePolicy: props.failurePolicy ?? AdmissionFailurePolicy.FAIL,
      namespaceSelector: props.namespaceLabels ? { matchLabels: { ...props.namespaceLabels } } : undefined,
    };
    this.policyNames = rulePolicies(this.profile, options).map(policy => policy.name);
    for (const object of admissionPolicies(this.profile, options)) {
      const { apiVersion, kind, metadata, ...rest } = object;
      new ApiObject(this, `${metadata.name}-${kind === 'ValidatingAdmissionPolicy' ? 'policy' : 'binding'}`, { apiVersion, kind, metadata, ...rest });
    }
  }
}
