/**
 * What in a pod says it is meant for Windows, besides its placement: the one notion the placement
 * rules share. A pod that says so without Windows placement lands on a Linux node.
 */
import { legacyHyperVAnnotation } from './hyperv';
import { containerLabel, windowsOptionsOf } from './security-context';
import { isWindowsImage } from '../../model/images';
import { ContainerLocation, isObject, PodSpecLocation } from '../../model/manifest';

/** One sign that a pod is meant for Windows, and where it is. */
export interface WindowsSignal {
  /** Dotted path of the field. */
  readonly path: string;
  /** How it reads in a message, e.g. `pod sets windowsOptions.gmsaCredentialSpecName`. */
  readonly what: string;
}

/** Windows-only `windowsOptions` fields (the API server rejects `windowsOptions` for Linux pods). */
const WINDOWS_OPTIONS = ['gmsaCredentialSpecName', 'gmsaCredentialSpec', 'runAsUserName', 'hostProcess'];

/** A Windows path: a drive letter (`C:\k`, `c:/data`) or a named pipe (`\\.\pipe\docker_engine`). */
export const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\\.\\pipe\\)/;

/** The containers whose image looks like a Windows image (see `isWindowsImage`). */
export function windowsImages(containers: ContainerLocation[]): WindowsSignal[] {
  return containers
    .filter(({ container }) => typeof container.image === 'string' && isWindowsImage(container.image))
    .map(location => ({ path: `${location.path}.image`, what: `${containerLabel(location)} uses the Windows image ${JSON.stringify(location.container.image)}` }));
}

/**
 * Windows-only settings: `windowsOptions` (gMSA, runAsUserName, hostProcess: true) at pod or
 * container level, the legacy Hyper-V annotation, and hostPath volumes or mount paths that are
 * Windows paths (a drive letter or a named pipe).
 */
export function windowsSettings(pod: PodSpecLocation, containers: ContainerLocation[]): WindowsSignal[] {
  const signals: WindowsSignal[] = [];
  for (const { options, path, owner } of windowsOptionsOf(pod, containers)) {
    for (const field of WINDOWS_OPTIONS) {
      const value = options[field];
      if (value === undefined || value === null || (field === 'hostProcess' && value !== true)) continue;
      signals.push({ path: `${path}.${field}`, what: `${owner} sets windowsOptions.${field}: ${JSON.stringify(value)}` });
    }
  }
  const annotation = legacyHyperVAnnotation(pod);
  if (annotation) signals.push({ path: annotation.path, what: 'the pod asks for Hyper-V isolation with the legacy annotation' });
  const volumes: unknown[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  volumes.forEach((volume, index) => {
    const hostPath = isObject(volume) && isObject(volume.hostPath) ? volume.hostPath.path : undefined;
    if (typeof hostPath === 'string' && WINDOWS_PATH.test(hostPath)) {
      signals.push({ path: `${pod.path}.volumes[${index}].hostPath.path`, what: `the pod mounts the Windows host path ${JSON.stringify(hostPath)}` });
    }
  });
  for (const location of containers) {
    const mounts: unknown[] = Array.isArray(location.container.volumeMounts) ? location.container.volumeMounts : [];
    mounts.forEach((mount, index) => {
      const mountPath = isObject(mount) ? mount.mountPath : undefined;
      if (typeof mountPath === 'string' && WINDOWS_PATH.test(mountPath)) {
        signals.push({ path: `${location.path}.volumeMounts[${index}].mountPath`, what: `${containerLabel(location)} mounts a volume at the Windows path ${JSON.stringify(mountPath)}` });
      }
    });
  }
  return signals;
}
