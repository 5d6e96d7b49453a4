import { Severity } from '../../model/finding';
import { isObject, JsonObject } from '../../model/manifest';
import { celEach, celVolume, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule, Violation } from '../rule';

/** Unset namespaces match anything: manifests often leave the namespace to `kubectl apply -n`. */
function sameNamespace(a: unknown, b: unknown): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The NFS PersistentVolume among `objects` that the claim `claimName` binds to, if any. */
function nfsVolumeOfClaim(objects: JsonObject[], claimName: unknown, namespace: unknown): JsonObject | undefined {
  const claim = objects.find(o => o.kind === 'PersistentVolumeClaim' && o.metadata?.name === claimName && sameNamespace(o.metadata?.namespace, namespace));
  return objects.find(o => o.kind === 'PersistentVolume' && isObject(o.spec?.nfs) && (
    (o.spec.claimRef?.name === claimName && sameNamespace(o.spec.claimRef?.namespace, namespace))
    || (claim !== undefined && claim.spec?.volumeName === o.metadata?.name)));
}

export const noNfs: Rule = {
  name: 'no-nfs',
  severity: Severity.ERROR,
  summary: 'A pod mounts an `nfs` volume, or a claim bound to an NFS PersistentVolume checked with it.',
  why: 'Windows nodes have no NFS client for the kubelet to mount volumes with, so the pod stays in ContainerCreating.',
  remediation: 'Use SMB (the smb.csi.k8s.io CSI driver or azureFile), a CSI driver that supports Windows through csi-proxy, or azureDisk.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'PersistentVolumes are only seen when they are checked together with the pod (the checker over a whole manifest set); the cluster admission policy judges the pod\'s own `nfs` volumes only, as a claim\'s PersistentVolume is another object.',
  sources: 'kubernetes.io concepts/storage/windows-storage (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `${VOLUMES}.all(v, !has(v.nfs))`,
      messageExpression: `${celEach(VOLUMES, 'v', 'has(v.nfs)', `${celVolume('v')} + ' mounts NFS ' + v.nfs.server + ':' + v.nfs.path`)} + ': Windows nodes have no NFS client'`,
    }],
  },
  checkPod: ({ pod, object, objects }) => volumesOf(pod).flatMap(({ volume, path }): Violation[] => {
    if (isObject(volume.nfs)) {
      return [{ path: `${path}.nfs`, message: `volume '${volume.name}' mounts NFS ${JSON.stringify(`${volume.nfs.server}:${volume.nfs.path}`)}` }];
    }
    const claimName: unknown = volume.persistentVolumeClaim?.claimName;
    const pv = claimName === undefined ? undefined : nfsVolumeOfClaim(objects, claimName, object.metadata?.namespace);
    if (!pv) return [];
    return [{
      path: `${path}.persistentVolumeClaim.claimName`,
      message: `volume '${volume.name}' claims '${claimName}', bound to NFS PersistentVolume '${pv.metadata?.name}' (${pv.spec.nfs.server}:${pv.spec.nfs.path})`,
    }];
  }),
};
