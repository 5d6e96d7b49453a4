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

/** Per kind: the pod spec's segments, its dotted path, and the segments of its parent (which holds the pod metadata). */
const POD_SPEC_LOOKUPS = new Map(Object.entries(POD_SPEC_PATHS).map(([kind, segments]) =>
  [kind, { segments, path: segments.join('.'), parentSegments: segments.slice(0, -1) }]));

/** The pod spec of a workload object, or undefined when it has none. */
export function findPodSpec(object: JsonObject): PodSpecLocation | undefined {
  const lookup = POD_SPEC_LOOKUPS.get(object.kind);
  if (!lookup) return undefined;
  let parent: any = object;
  for (const segment of lookup.parentSegments) {
    parent = isObject(parent) ? parent[segment] : undefined;
  }
  const spec = isObject(parent) ? parent[lookup.segments[lookup.segments.length - 1]] : undefined;
  if (!isObject(spec)) return undefined;
  return {
    spec,
    metadata: isObject(parent.metadata) ? parent.metadata : {},
    path: lookup.path,
  };
}

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(pod: PodSpecLocation): ContainerLocation[] {
  const result: ContainerLocation[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    for (let index = 0; index < items.length; index++) {
      const container = items[index];
      if (isObject(container)) result.push(new Container(container, list, pod.path, index));
    }
  }
  return result;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** A container location; its path is built only when a finding reports it (most checks pass). */
class Container implements ContainerLocation {
  constructor(public readonly container: JsonObject, public readonly list: ContainerLocation['list'],
    private readonly podPath: string, private readonly index: number) {}

  public get path(): string {
    return `${this.podPath}.${this.list}[${this.index}]`;
  }
}
