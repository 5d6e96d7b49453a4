/**
 * A Kubernetes resource of a Pulumi program, as a policy sees it: its type token, its properties
 * (the object as the provider holds it), and its URN. A subset of `@pulumi/policy`'s
 * `PolicyResource`, so plain objects in tests and the real resources both fit.
 */
export interface KubernetesResource {
  /** The Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** The resource's properties: `apiVersion`, `kind`, `metadata`, `spec`, ... */
  readonly props: Record<string, any>;
  /** The resource's URN, which a violation is reported against. */
  readonly urn: string;
}

/** A plain Kubernetes manifest built from a resource, with the URN it came from. */
export interface ResourceManifest {
  /** The object as a manifest holds it (what the rule engine reads). */
  readonly manifest: Record<string, any>;
  /** The URN of the resource the manifest was built from. */
  readonly urn: string;
}

/** `kubernetes:<group>/<version>:<Kind>`; the core group is spelled `core`. */
const KUBERNETES_TYPE = /^kubernetes:([a-z0-9.-]+)\/([a-z0-9]+):([A-Za-z0-9]+)$/;

/** Kinds whose objects hold a pod spec (the workloads the rules check). */
export const POD_SPEC_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

/**
 * The apiVersion and kind a Pulumi type token names, or `undefined` for anything that is not a
 * Kubernetes object: providers, components (`kubernetes:yaml/v2:ConfigGroup`,
 * `kubernetes:helm.sh/v4:Chart`, `kubernetes:kustomize/v2:Directory`), lists, and patches (a
 * `...Patch` resource holds part of an object, which the rules would misread).
 */
export function kubernetesKindOf(type: string): { apiVersion: string; kind: string } | undefined {
  const match = KUBERNETES_TYPE.exec(type);
  if (!match) return undefined;
  const [, group, version, kind] = match;
  if (kind.endsWith('Patch') || kind.endsWith('List')) return undefined;
  if (['yaml', 'helm.sh', 'kustomize'].includes(group)) return undefined;
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/**
 * The manifest a Kubernetes resource stands for: its properties without `status` and the
 * provider's own keys (`__...`), with apiVersion and kind from the type token when the properties
 * lack them. Values not known yet (during preview) are left out, as if not set.
 * `undefined` when the resource is not a Kubernetes object (see `kubernetesKindOf`).
 */
export function manifestOf(resource: KubernetesResource): Record<string, any> | undefined {
  const kind = kubernetesKindOf(resource.type);
  if (!kind) return undefined;
  const manifest: Record<string, any> = { apiVersion: kind.apiVersion, kind: kind.kind };
  for (const key of Object.keys(resource.props)) {
    if (key === 'status' || key.startsWith('__')) continue;
    const value = knownCopy(resource.props, key);
    if (value !== undefined) manifest[key] = value;
  }
  return manifest;
}

/**
 * The manifests of every Kubernetes object among `resources`, in order: pod-spec holders,
 * Services, and the objects rules look at across objects (claims, RuntimeClasses, autoscalers).
 * The engine's check plan decides what each is checked for; other kinds get no rule.
 */
export function resourceManifests(resources: readonly KubernetesResource[]): ResourceManifest[] {
  const manifests: ResourceManifest[] = [];
  for (const resource of resources) {
    const manifest = manifestOf(resource);
    if (manifest) manifests.push({ manifest, urn: resource.urn });
  }
  return manifests;
}

/**
 * A plain copy of `holder[key]`, leaving out values the policy runtime does not know yet: its
 * property proxy throws an `UnknownValueError` on reading one.
 */
function knownCopy(holder: any, key: string | number): any {
  let value: any;
  try {
    value = holder[key];
  } catch (error) {
    if (isUnknownValueError(error)) return undefined;
    throw error;
  }
  if (Array.isArray(value)) {
    return value.map((_, index) => knownCopy(value, index)).filter(item => item !== undefined);
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, any> = {};
    for (const child of Object.keys(value)) {
      const childValue = knownCopy(value, child);
      if (childValue !== undefined) copy[child] = childValue;
    }
    return copy;
  }
  return value;
}

function isUnknownValueError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === 'UnknownValueError';
}
