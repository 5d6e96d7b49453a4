import { NodePool } from './node-pools';
import { NamespacePodSecurity } from './pod-security';

/**
 * What synthesis tells the cdk8s validation plugin, in a file beside the manifests: the target
 * each object was checked for, and the findings synthesis has reported already. The plugin reads
 * only the manifests otherwise, so without it a chart targeting Kubernetes 1.30 would be checked
 * for the plugin's own default, and each warning would be said twice.
 *
 * Written only when the cdk8s CLI asks the app to record construct metadata, which it does when
 * `cdk8s.yaml` lists validation plugins. The name starts with an underscore so that Helm, when
 * the output is a chart's templates directory, does not take it for a manifest.
 */
export const TARGET_RECORD_FILE = '_cdk8s-windows.json';

/** The format version of the file. */
export const TARGET_RECORD_VERSION = 1;

/** A target as written in the file (the strings `TargetProfile` parses). */
export interface RecordedTarget {
  readonly kubernetesVersion: string;
  readonly windowsServerVersion?: string;
  readonly runtime: string;
  readonly isolation: string;
  /** The Pod Security labels of namespaces the manifests do not hold, when the target has any. */
  readonly podSecurity?: NamespacePodSecurity[];
  /** The platform (`aks`, `eks`, `gke`, `openshift`), when the target names one. */
  readonly platform?: string;
  /** The node pools of the cluster, when the target has any. */
  readonly nodePools?: NodePool[];
}

/** One object: which it is, its target, and the findings synthesis reported or counted. */
export interface RecordedObject {
  /** `apiVersion kind namespace/name` (see `recordKey`). */
  readonly key: string;
  readonly target: RecordedTarget;
  /** `rule path` of each non-blocking finding synthesis printed or counted. */
  readonly reported: readonly string[];
  /** `rule path` of each finding suppressed at synthesis (`WindowsCompliance.suppress` too, which manifests do not show). */
  readonly suppressed: readonly string[];
}

/** The file. */
export interface TargetRecord {
  readonly version: number;
  readonly objects: readonly RecordedObject[];
}

/** How an object is named in the file. */
export function recordKey(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  return `${apiVersion} ${kind} ${typeof namespace === 'string' && namespace ? namespace : ''}/${name}`;
}

/** How a finding is named in the file. */
export function findingKey(rule: string, path: string): string {
  return `${rule} ${path}`;
}
