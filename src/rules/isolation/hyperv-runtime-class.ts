import { JsonObject, PodSpecLocation } from '../../check/manifest';

/** containerd's Hyper-V runtime handler (containerd 1.7+), the one `RuntimeHandler.HYPERV` names. */
export const HYPERV_RUNTIME_HANDLER = 'runhcs-wcow-hypervisor';

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
