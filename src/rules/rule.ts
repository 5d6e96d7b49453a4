import { Severity } from '../check/finding';
import { ContainerLocation, JsonObject, PodSpecLocation } from '../check/manifest';
import { TargetProfile } from '../profile';

/** One thing a rule found, before the engine adds the rule's metadata and the object. */
export interface Violation {
  /** Exact dotted field path, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /** What is wrong, naming the value; the rule's `why` is appended by the engine. */
  readonly message: string;
  /** Overrides the rule's severity for this finding (gated severities). */
  readonly severity?: Severity;
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
 * A Windows rule: its documentation and its check. Rules are pure functions over plain
 * manifests; they know nothing of constructs.
 */
export interface Rule {
  /** Stable kebab-case name; never renamed once published. */
  readonly name: string;
  /** Default severity (a violation may carry a gated one). */
  readonly severity: Severity;
  /** What it checks, one line. */
  readonly summary: string;
  /** The Windows fact behind it. */
  readonly why: string;
  /** How to fix it. */
  readonly remediation: string;
  /** Upstream documentation of the fact. */
  readonly docsUrl: string;
  /** Section of ../shared/reference/windows-constraints.md it implements, e.g. `3`. */
  readonly specSection: string;
  /** How the target profile gates it, for the docs; absent when always on. */
  readonly gating?: string;
  checkPod?(context: PodContext): Violation[];
  checkService?(context: ServiceContext): Violation[];
}

/** Upstream documentation pages rules link to. */
export const DOCS = {
  windowsPods: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod',
  securityContext: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers-securitycontext',
  podSecurityContext: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-securitycontext',
  windowsSecurity: 'https://kubernetes.io/docs/concepts/security/windows-security/',
  runAsUserName: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/',
  gmsa: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/',
  hostProcess: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  storage: 'https://kubernetes.io/docs/concepts/storage/windows-storage/',
  networking: 'https://kubernetes.io/docs/concepts/services-networking/windows-networking/',
  resources: 'https://kubernetes.io/docs/concepts/configuration/windows-resource-management/',
  limitations: 'https://kubernetes.io/docs/concepts/windows/intro/#limitations',
  userGuide: 'https://kubernetes.io/docs/concepts/windows/user-guide/',
  compatibility: 'https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility',
  hyperv: 'https://kubernetes.io/docs/concepts/windows/intro/#hyper-v-isolation',
};

/** Whether `value` was set at all (the API server rejects many fields even when false). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The effective HostProcess flag of a container: its own, else the pod's. */
export function isHostProcessContainer(pod: PodSpecLocation, container: JsonObject): boolean {
  const own = container.securityContext?.windowsOptions?.hostProcess;
  return (own ?? pod.spec.securityContext?.windowsOptions?.hostProcess) === true;
}
