import { isObject, JsonObject, PodSpecLocation } from '../../model/manifest';

/** A pod volume with its dotted path. */
export interface VolumeLocation {
  readonly volume: JsonObject;
  /** e.g. `spec.template.spec.volumes[0]` */
  readonly path: string;
}

/** Every volume of a pod spec, with paths. */
export function volumesOf(pod: PodSpecLocation): VolumeLocation[] {
  const volumes: unknown[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  return volumes.flatMap((volume, index) => isObject(volume) ? [{ volume, path: `${pod.path}.volumes[${index}]` }] : []);
}

/** `0644`, the way file modes are written, for a decimal JSON value. */
export function octal(mode: unknown): string {
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 ? `0${mode.toString(8)}` : JSON.stringify(mode);
}
