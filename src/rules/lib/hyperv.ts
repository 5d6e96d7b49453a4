/** How a pod asks for Hyper-V isolation: the legacy annotation, or a RuntimeClass with the Hyper-V handler. */

import { isObject, JsonObject, PodSpecLocation } from '../../model/manifest';
import { ContainerRuntime, TargetProfile } from '../../model/profile';
import { HYPERV_GATE_REMOVED_MINOR, HYPERV_ISOLATION_ANNOTATION, HYPERV_ISOLATION_VALUE, HYPERV_RUNTIME_HANDLER } from '../../model/windows';

/** Dotted path of the metadata that goes with a pod spec: `spec.template.metadata`, or `metadata` for a Pod. */
export function podMetadataPath(pod: PodSpecLocation): string {
  return pod.path === 'spec' ? 'metadata' : pod.path.replace(/\.spec$/, '.metadata');
}

/** The legacy Hyper-V annotation on the pod (template) metadata when it asks for Hyper-V, with its path. */
export function legacyHyperVAnnotation(pod: PodSpecLocation): { path: string } | undefined {
  const annotations = pod.metadata.annotations;
  if (!isObject(annotations) || annotations[HYPERV_ISOLATION_ANNOTATION] !== HYPERV_ISOLATION_VALUE) return undefined;
  return { path: `${podMetadataPath(pod)}.annotations[${HYPERV_ISOLATION_ANNOTATION}]` };
}

/** The RuntimeClass a pod runs with, when it is among `objects` (RuntimeClasses are cluster-scoped: the name identifies one). */
export function runtimeClassOf(pod: PodSpecLocation, objects: readonly JsonObject[]): JsonObject | undefined {
  const name = pod.spec.runtimeClassName;
  if (typeof name !== 'string' || name === '') return undefined;
  return objects.find(o => o.kind === 'RuntimeClass' && o.metadata?.name === name);
}

/**
 * The name of the RuntimeClass a pod runs with, when that RuntimeClass is among `objects` and its
 * handler is containerd's Hyper-V handler, or one configured per build under that name
 * (`runhcs-wcow-hypervisor-19041`). A RuntimeClass outside `objects`, or one with a handler
 * configured under another name, is not known to isolate.
 */
export function hyperVRuntimeClass(pod: PodSpecLocation, objects: readonly JsonObject[]): string | undefined {
  const handler = runtimeClassOf(pod, objects)?.handler;
  const hyperV = typeof handler === 'string' && (handler === HYPERV_RUNTIME_HANDLER || handler.startsWith(`${HYPERV_RUNTIME_HANDLER}-`));
  return hyperV ? pod.spec.runtimeClassName : undefined;
}

/**
 * The legacy Hyper-V annotation, when the target honours it: dockershim (Docker EE) with the
 * HyperVContainer gate, Kubernetes 1.20 and older. Elsewhere the pod runs process-isolated.
 */
export function honouredLegacyHyperVAnnotation(pod: PodSpecLocation, profile: TargetProfile): { path: string } | undefined {
  if (profile.kubernetesVersion.isAtLeast(HYPERV_GATE_REMOVED_MINOR) || profile.runtime !== ContainerRuntime.DOCKER_EE) return undefined;
  return legacyHyperVAnnotation(pod);
}
