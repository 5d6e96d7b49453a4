import { Severity } from '../model/finding';
import { ContainerLocation, JsonObject, PodSpecLocation } from '../model/manifest';
import { TargetProfile } from '../model/profile';
import { RuleInfo } from '../model/rule-info';

/** One thing a rule found, before the engine adds the rule's metadata and the object. */
export interface Violation {
  /** Exact dotted field path, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /** What is wrong, naming the value; the rule's `why` is appended by the engine. */
  readonly message: string;
  /** Overrides the rule's severity for this finding (gated severities). */
  readonly severity?: Severity;
  /** Overrides the rule's remediation when the fix depends on the field found. */
  readonly remediation?: string;
  /**
   * Replaces the rule's `why` in this finding's message when the reason depends on the field
   * found (each field its own reason) or when the message already tells the rest.
   */
  readonly why?: string;
}

/** What a pod rule sees: one pod spec of one object, in its batch. */
export interface PodContext {
  readonly object: JsonObject;
  readonly pod: PodSpecLocation;
  /** Containers, init containers and ephemeral containers, with paths. */
  readonly containers: ContainerLocation[];
  readonly profile: TargetProfile;
  /** Every object checked together (for rules that look across objects). */
  readonly objects: JsonObject[];
}

/** What a Service rule sees. */
export interface ServiceContext {
  readonly object: JsonObject;
  readonly profile: TargetProfile;
  readonly objects: JsonObject[];
}

/**
 * A Windows rule: its documentation (`RuleInfo`, the one definition of a rule's metadata) and its
 * check. Rules are pure functions over plain manifests; they know nothing of constructs. A rule's
 * topic is not written in it: it is the topic list (`src/rules/<topic>/index.ts`) that holds it.
 */
export interface Rule extends Omit<RuleInfo, 'topic' | 'specSection'> {
  /**
   * Whether the rule runs on HostProcess pods (pods with a HostProcess container), which run on
   * the host, in the host network, as a host account: rules whose Windows fact is about the pod's
   * own sandbox (its network, its image build, its user) do not apply to them. Every rule says.
   */
  readonly hostProcessPods: HostProcessPods;
  /**
   * Whether the API server itself rejects what the rule finds. Such a finding cannot be
   * suppressed: the manifest would still be refused at apply time.
   * @default - not enforced by the API server
   */
  readonly apiServer?: ApiServerEnforcement;
  /**
   * The rule as a cluster admission policy (CEL), or why it cannot be one.
   * @default - not yet given (a catalog test requires it of every rule)
   */
  readonly admission?: AdmissionForm;
  checkPod?(context: PodContext): Violation[];
  checkService?(context: ServiceContext): Violation[];
}

/** One CEL validation of a rule's admission policy (an entry of a ValidatingAdmissionPolicy's `validations`). */
export interface CelCheck {
  /** CEL that is true when the pod passes; it sees the policy variables (see the generator's variable list). */
  readonly expression: string;
  /** CEL string expression for the finding's message, without the rule id or the fix (the generator adds both). */
  readonly messageExpression: string;
  /**
   * The severity of what this check finds.
   * @default - the rule's severity
   */
  readonly severity?: Severity;
}

/** How a rule is enforced by a cluster admission policy: its CEL checks for a target, or why it has none. */
export interface AdmissionForm {
  /** The CEL checks for `profile` (none when the rule does not apply to that target). */
  readonly checks?: (profile: TargetProfile) => CelCheck[];
  /** Why the rule cannot be judged on one object in CEL (set exactly when `checks` is not). */
  readonly unsupported?: string;
}

/** How a rule treats HostProcess pods. */
export enum HostProcessPods {
  /** The rule runs on them as on any pod. */
  CHECKED = 'checked',
  /** The engine does not run the rule on them: its Windows fact does not hold on the host. */
  SKIPPED = 'skipped',
}

/** When the API server rejects what a rule finds. */
export enum ApiServerEnforcement {
  /** On every pod (`validateWindowsHostProcessPod` runs whatever the pod's OS). */
  ALWAYS = 'always',
  /** On pods that set `spec.os.name: windows` (`validateWindows` and `validateWindowsSecurityContextOptions` run only then). */
  WINDOWS_PODS = 'windows-pods',
}
