/**
 * Where pod specs and Services sit in plain Kubernetes objects. The only place that knows
 * that a CronJob's pod template is two levels deeper than a Deployment's.
 */

/** A plain JSON object. */
export type JsonObject = { [key: string]: any };

/** Path segments from an object's root to its pod spec, by kind. */
const POD_SPEC_PATHS: { [kind: string]: string[] } = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The kinds whose objects carry a pod spec. */
export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/** The path segments of the pod spec in an object of `kind`, or undefined for other kinds. */
export function podSpecSegments(kind: string): string[] | undefined {
  return POD_SPEC_PATHS[kind];
}

/** A JSON pointer (RFC 6901) for path segments: `/spec/template/spec`. */
export function jsonPointer(segments: Array<string | number>): string {
  return segments.map(s => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A pod spec found in an object, with the paths to report findings against. */
export interface PodSpecLocation {
  /** The pod spec itself. */
  readonly spec: JsonObject;
  /** The pod template's (or Pod's) metadata, if any. */
  readonly metadata: JsonObject;
  /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
}

/** A container of a pod spec with its dotted path. */
export interface ContainerLocation {
  readonly container: JsonObject;
  /** e.g. `spec.template.spec.initContainers[0]` */
  readonly path: string;
  /** Which list it is in. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pod spec of a workload object, or undefined when it has none. */
export function findPodSpec(object: JsonObject): PodSpecLocation | undefined {
  const segments = podSpecSegments(object.kind);
  if (!segments) return undefined;
  let node: any = object;
  for (const segment of segments) {
    node = isObject(node) ? node[segment] : undefined;
  }
  if (!isObject(node)) return undefined;
  let metadataHolder: any = object;
  for (const segment of segments.slice(0, -1)) metadataHolder = metadataHolder[segment];
  return {
    spec: node,
    metadata: isObject(metadataHolder.metadata) ? metadataHolder.metadata : {},
    path: segments.join('.'),
  };
}

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(pod: PodSpecLocation): ContainerLocation[] {
  const result: ContainerLocation[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (isObject(container)) result.push({ container, list, path: `${pod.path}.${list}[${index}]` });
    });
  }
  return result;
}
