// The examples of the volume rules: pods whose volumes violate each rule, with its findings, and
// pods that pass it. test/rules/volumes/volumes.test.ts runs them.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const DOCKER_EE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE });

export const D = 'spec.template.spec';
export const C = 'spec.jobTemplate.spec.template.spec';

/** A Deployment (or CronJob) mounting `volumes`, each at its own directory. */
export function mounting(volumes: any[], kind: 'Deployment' | 'CronJob' = 'Deployment'): any {
  const spec = windowsPodSpec({
    volumes,
    containers: [windowsContainer({ volumeMounts: volumes.map(v => ({ name: v.name, mountPath: `C:\\mnt\\${v.name}` })) })],
  });
  return kind === 'Deployment' ? windowsDeployment(spec) : windowsCronJob({ ...spec, restartPolicy: 'OnFailure' });
}

/** A Deployment mounting a hostPath of `type`. */
export const hostPath = (type: string, path = 'C:\\etc\\app.json') => mounting([{ name: 'host', hostPath: { path, type } }]);

/** A Deployment mounting the claim `claimName`. */
export const claiming = (claimName: string, namespace?: string) => {
  const object = mounting([{ name: 'shared', persistentVolumeClaim: { claimName } }]);
  if (namespace) object.metadata.namespace = namespace;
  return object;
};
/** A claim bound to the PersistentVolume `volumeName`. */
export const claim = (name: string, volumeName: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, volumeName },
});
/** An NFS PersistentVolume, bound to `claimRef` if given. */
export const nfsVolume = (name: string, claimRef?: any) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany'], nfs: { server: 'nfs.contoso.com', path: '/exports' }, claimRef },
});
const azureDiskVolume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'disk-pv' }, spec: { azureDisk: { diskName: 'd', diskURI: 'u' } } };

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'no-memory-medium',
    violating: [{
      name: 'Memory and HugePages media are errors',
      objects: [mounting([{ name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }, { name: 'huge', emptyDir: { medium: 'HugePages-2Mi' } }], 'CronJob')],
      findings: [
        { path: `${C}.volumes[0].emptyDir.medium`, severity: Severity.ERROR, names: 'volume \'ram\' sets emptyDir.medium: "Memory"' },
        { path: `${C}.volumes[1].emptyDir.medium`, severity: Severity.ERROR, names: '"HugePages-2Mi"' },
      ],
    }],
    passing: [{
      name: 'emptyDir on disk',
      objects: [mounting([{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: { medium: '' } }])],
    }],
  },
  {
    rule: 'no-nfs',
    violating: [{
      name: 'an nfs volume is an error naming the export',
      objects: [mounting([{ name: 'share', nfs: { server: 'nfs.contoso.com', path: '/exports' } }])],
      findings: [{ path: `${D}.volumes[0].nfs`, severity: Severity.ERROR, names: 'volume \'share\' mounts NFS "nfs.contoso.com:/exports"' }],
    }],
    passing: [{
      name: 'a claim bound to another PersistentVolume than the NFS one',
      objects: [claiming('shared'), claim('shared', 'disk-pv'), azureDiskVolume, nfsVolume('nfs-pv')],
    }],
  },
  {
    rule: 'directory-mounts-only',
    violating: [{
      name: 'a File hostPath is an error with Docker EE',
      objects: [hostPath('File')],
      profile: DOCKER_EE,
      findings: [{ path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: 'hostPath "C:\\\\etc\\\\app.json" with type: "File"' }],
    }],
    passing: [{
      name: 'directories, and named pipes of any type, with Docker EE',
      objects: [
        hostPath('Directory', 'C:\\var\\log'), hostPath('DirectoryOrCreate', 'C:\\data'), hostPath('', 'C:\\data'),
        hostPath('File', '\\\\.\\pipe\\docker_engine'), hostPath('Socket', '\\\\.\\pipe\\containerd-containerd'), hostPath('File', '//./pipe/csi-proxy-v1'),
      ],
      profile: DOCKER_EE,
    }, {
      name: 'the same with containerd',
      objects: [
        hostPath('Directory', 'C:\\var\\log'), hostPath('DirectoryOrCreate', 'C:\\data'), hostPath('', 'C:\\data'),
        hostPath('File', '\\\\.\\pipe\\docker_engine'), hostPath('Socket', '\\\\.\\pipe\\containerd-containerd'), hostPath('File', '//./pipe/csi-proxy-v1'),
      ],
    }],
  },
  {
    rule: 'no-file-mode',
    violating: [{
      name: 'defaultMode and items[].mode of Secret, ConfigMap, downwardAPI and projected volumes warn',
      objects: [mounting([
        { name: 's', secret: { secretName: 's', defaultMode: 0o400 } },
        { name: 'c', configMap: { name: 'c', items: [{ key: 'a', path: 'a' }, { key: 'b', path: 'b', mode: 0o644 }] } },
        { name: 'd', downwardAPI: { defaultMode: 0o440, items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        {
          name: 'p',
          projected: {
            defaultMode: 0o444,
            sources: [
              { serviceAccountToken: { path: 'token' } },
              { secret: { name: 's', items: [{ key: 'k', path: 'k', mode: 0o400 }] } },
            ],
          },
        },
      ], 'CronJob')],
      findings: [
        { path: `${C}.volumes[0].secret.defaultMode`, severity: Severity.WARNING, names: 'volume \'s\' sets secret.defaultMode: 256 (0400)' },
        { path: `${C}.volumes[1].configMap.items[1].mode`, severity: Severity.WARNING, names: 'volume \'c\' sets configMap.items[1].mode: 420 (0644)' },
        { path: `${C}.volumes[2].downwardAPI.defaultMode`, severity: Severity.WARNING, names: 'downwardAPI.defaultMode: 288 (0440)' },
        { path: `${C}.volumes[3].projected.defaultMode`, severity: Severity.WARNING, names: 'projected.defaultMode: 292 (0444)' },
        { path: `${C}.volumes[3].projected.sources[1].secret.items[0].mode`, severity: Severity.WARNING, names: 'projected.sources[1].secret.items[0].mode: 256 (0400)' },
      ],
    }, {
      name: 'a token volume the user wrote, with a mode of their own, warns (only the default 0644 is left alone)',
      objects: [mounting([{
        name: 'token',
        projected: {
          defaultMode: 0o400,
          sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }],
        },
      }])],
      findings: [{ path: `${D}.volumes[0].projected.defaultMode`, severity: Severity.WARNING, names: 'projected.defaultMode: 256 (0400)' }],
    }],
    passing: [{
      name: 'the same volumes without modes',
      objects: [mounting([
        { name: 's', secret: { secretName: 's' } },
        { name: 'c', configMap: { name: 'c', items: [{ key: 'a', path: 'a' }] } },
        { name: 'p', projected: { sources: [{ secret: { name: 's', items: [{ key: 'k', path: 'k' }] } }] } },
      ])],
    }, {
      // The API server writes defaultMode 0644 into every such volume that sets none: a manifest
      // read back from a cluster has it everywhere, and an admission policy cannot tell it apart.
      name: 'defaultMode: 420 (0644, the default the API server writes) on Secret, ConfigMap, downwardAPI and projected volumes',
      objects: [mounting([
        { name: 's', secret: { secretName: 's', defaultMode: 420 } },
        { name: 'c', configMap: { name: 'c', defaultMode: 0o644 } },
        { name: 'd', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'p', projected: { defaultMode: 420, sources: [{ secret: { name: 's' } }] } },
      ])],
    }, {
      // What the API server adds to a pod that mounts its service account token: read back from a
      // cluster (`check --cluster`, `kubectl get pods -o yaml`), its mode is nobody's choice.
      name: 'the service account token volume the API server adds (kube-api-access-*, defaultMode 420)',
      objects: [mounting([{
        name: 'kube-api-access-x7k2p',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      }])],
    }],
  },
  {
    rule: 'secret-on-node-disk',
    violating: [{
      name: 'a Secret volume and a projected Secret are infos naming the Secret',
      objects: [mounting([
        { name: 'creds', secret: { secretName: 'db-creds' } },
        { name: 'bundle', projected: { sources: [{ configMap: { name: 'ca' } }, { secret: { name: 'tls' } }] } },
      ])],
      findings: [
        { path: `${D}.volumes[0].secret`, severity: Severity.INFO, names: 'volume \'creds\' mounts Secret \'db-creds\'' },
        { path: `${D}.volumes[1].projected.sources[1].secret`, severity: Severity.INFO, names: 'volume \'bundle\' projects Secret \'tls\'' },
      ],
    }],
    passing: [{
      name: 'Secrets as environment variables',
      objects: [windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ envFrom: [{ secretRef: { name: 'db-creds' } }] })] }))],
    }],
  },
];
