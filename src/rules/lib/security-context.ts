import { ContainerLocation, isObject, JsonObject, PodSpecLocation } from '../../model/manifest';

/** How a container is named in messages: `container 'app'`, `init container 'setup'`. */
export function containerLabel({ container, list }: ContainerLocation): string {
  const kind = list === 'initContainers' ? 'init container' : list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} '${container.name}'`;
}

/** A value for a message: JSON, shortened when long (a 64 KiB credential spec, a 300-character name). */
export function show(value: unknown, max = 64): string {
  if (typeof value === 'string' && value.length > max) {
    return `${JSON.stringify(value.slice(0, max))}… (${Buffer.byteLength(value, 'utf8')} bytes)`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** A securityContext field as the kubelet sees it for one container: its own, else the pod's. */
export interface EffectiveField {
  readonly value: unknown;
  /** Dotted path of the field that supplies the value. */
  readonly path: string;
  /** Whether the pod's securityContext supplies it. */
  readonly fromPod: boolean;
}

/**
 * The effective value of `securityContext.<segments>` for a container, merged field by field as
 * the kubelet does (`DetermineEffectiveSecurityContext`); undefined when neither sets it.
 */
export function effectiveField(pod: PodSpecLocation, location: ContainerLocation, segments: string[]): EffectiveField | undefined {
  const own = at(location.container.securityContext, segments);
  if (isSet(own)) return new FoundField(own, location.path, segments, false);
  const inherited = at(pod.spec.securityContext, segments);
  if (isSet(inherited)) return new FoundField(inherited, pod.path, segments, true);
  return undefined;
}

/** An effective field; its path is built only when a finding reports it (most checks pass). */
class FoundField implements EffectiveField {
  constructor(public readonly value: unknown, private readonly ownerPath: string,
    private readonly segments: string[], public readonly fromPod: boolean) {}

  public get path(): string {
    return `${this.ownerPath}.securityContext.${this.segments.join('.')}`;
  }
}

/** A `windowsOptions` block (pod level or one container's) with its path. */
export interface WindowsOptionsLocation {
  readonly options: JsonObject;
  /** e.g. `spec.template.spec.containers[0].securityContext.windowsOptions` */
  readonly path: string;
  /** `pod` or a container label, for messages. */
  readonly owner: string;
}

/** The pod's and every container's `securityContext.windowsOptions`, where set. */
export function windowsOptionsOf(pod: PodSpecLocation, containers: ContainerLocation[]): WindowsOptionsLocation[] {
  const result: WindowsOptionsLocation[] = [];
  const podOptions = pod.spec.securityContext?.windowsOptions;
  if (isObject(podOptions)) result.push({ options: podOptions, path: `${pod.path}.securityContext.windowsOptions`, owner: 'pod' });
  for (const location of containers) {
    const options = location.container.securityContext?.windowsOptions;
    if (isObject(options)) result.push({ options, path: `${location.path}.securityContext.windowsOptions`, owner: containerLabel(location) });
  }
  return result;
}

function at(root: unknown, segments: string[]): unknown {
  let node = root;
  for (const segment of segments) node = isObject(node) ? node[segment] : undefined;
  return node;
}

/** Whether `value` was set at all (the API server rejects many fields even when false). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The effective HostProcess flag of a container: its own, else the pod's. */
export function isHostProcessContainer(pod: PodSpecLocation, container: JsonObject): boolean {
  const own = container.securityContext?.windowsOptions?.hostProcess;
  return (own ?? pod.spec.securityContext?.windowsOptions?.hostProcess) === true;
}
