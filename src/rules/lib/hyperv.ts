/** How a pod asks for Hyper-V isolation: the legacy annotation, or a RuntimeClass with the Hyper-V handler. */

import { isObject, JsonObject, PodSpecLocation } from '../../model/manifest';
import { HYPERV_ISOLATION_ANNOTATION, HYPERV_ISOLATION_VALUE, HYPERV_RUNTIME_HANDLER } from '../../model/windows';

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

/**
 * The name of the RuntimeClass a pod runs with, when that RuntimeClass is among `objects` and its
 * handler is containerd's Hyper-V handler. A RuntimeClass outside `objects`, or one with a
 * handler configured under another name, is not known to isolate.
 */
export function hyperVRuntimeClass(pod: PodSpecLocation, objects: readonly JsonObject[]): string | undefined {
  const name = pod.spec.runtimeClassName;
  if (typeof name !== 'string' || name === '') return undefined;
  // RuntimeClasses are cluster-scoped: the name alone identifies one.
  const runtimeClass = objects.find(o => o.kind === 'RuntimeClass' && o.metadata?.name === name);
  return runtimeClass?.handler === HYPERV_RUNTIME_HANDLER ? name : undefined;
}
