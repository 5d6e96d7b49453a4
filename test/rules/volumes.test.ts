// Section 4 rules (volumes): one violating and one passing case per rule, the runtime gating of
// hostPath types, and a fixture of everything Windows supports, which must stay quiet.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../src';
import { runRules } from '../../src/engine/run-rules';
import { CONTAINER_RULES } from '../../src/rules/container';
import { POD_RULES } from '../../src/rules/pod';
import { VOLUME_RULES } from '../../src/rules/volumes';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { expectFindings, ruleFindings } from '../support/rules';

const CONTAINERD = TargetProfile.of();
const DOCKER_EE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE });
const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';

const findings = ruleFindings(VOLUME_RULES, CONTAINERD);


/** A Deployment mounting `volumes`, each at its own directory. */
function mounting(volumes: any[], kind: 'Deployment' | 'CronJob' = 'Deployment'): any {
  const spec = windowsPodSpec({
    volumes,
    containers: [windowsContainer({ volumeMounts: volumes.map(v => ({ name: v.name, mountPath: `C:\\mnt\\${v.name}` })) })],
  });
  return kind === 'Deployment' ? windowsDeployment(spec) : windowsCronJob({ ...spec, restartPolicy: 'OnFailure' });
}

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 4 finding', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    expect(runRules(objects, CONTAINERD, VOLUME_RULES)).toEqual([]);
    expect(runRules(objects, DOCKER_EE, VOLUME_RULES)).toEqual([]);
  });
});

describe('supported features stay quiet', () => {
  const NAMED_PIPE = '\\\\.\\pipe\\docker_engine';
  const supported = windowsDeployment(windowsPodSpec({
    volumes: [
      { name: 'config', configMap: { name: 'app-config' } },
      { name: 'creds', secret: { secretName: 'app-creds' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'docker', hostPath: { path: NAMED_PIPE } },
      { name: 'files', azureFile: { secretName: 'azure-files', shareName: 'share' } },
      { name: 'disk', azureDisk: { kind: 'Managed', diskName: 'data', diskURI: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/data' } },
      { name: 'gce', gcePersistentDisk: { pdName: 'data', fsType: 'NTFS' } },
      { name: 'smb', csi: { driver: 'smb.csi.k8s.io', volumeAttributes: { source: '//smb.contoso.com/share' }, nodePublishSecretRef: { name: 'smb-creds' } } },
      { name: 'logs', hostPath: { path: 'C:\\var\\log', type: 'DirectoryOrCreate' } },
    ],
    initContainers: [windowsContainer({ name: 'init', ports: undefined, command: ['cmd', '/c', 'echo ready'] })],
    containers: [windowsContainer({
      env: [
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-creds', key: 'password' } } },
      ],
      envFrom: [{ configMapRef: { name: 'app-config' } }, { secretRef: { name: 'app-creds' } }],
      livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 },
      readinessProbe: { tcpSocket: { port: 80 } },
      startupProbe: { exec: { command: ['powershell', '-Command', 'exit 0'] }, failureThreshold: 30 },
      lifecycle: {
        postStart: { exec: { command: ['cmd', '/c', 'echo started'] } },
        preStop: { exec: { command: ['powershell', '-Command', 'Stop-WebSite -Name Default'] } },
      },
      resources: { limits: { cpu: '2', memory: '2Gi' }, requests: { cpu: '2', memory: '2Gi' } },
      volumeMounts: ['config', 'creds', 'scratch', 'files', 'disk', 'gce', 'smb', 'logs']
        .map(name => ({ name, mountPath: `C:\\mnt\\${name}` }))
        .concat([{ name: 'docker', mountPath: NAMED_PIPE }]),
    })],
  }));

  test.each([['containerd', CONTAINERD], ['Docker EE', DOCKER_EE]])('no error or warning with %s; only the secret-on-node-disk info', (_name, profile) => {
    const all = runRules([supported], profile, [...POD_RULES, ...CONTAINER_RULES, ...VOLUME_RULES]);
    expect(all.map(f => ({ rule: f.rule, severity: f.severity, path: f.path }))).toEqual([
      { rule: 'secret-on-node-disk', severity: Severity.INFO, path: `${D}.volumes[1].secret` },
    ]);
  });

  test('the fixture is a valid manifest', () => {
    if (upstreamValidationEnabled()) expectValidManifests([supported]);
  });
});

describe('no-memory-medium', () => {
  const RULE = 'no-memory-medium';

  test('Memory and HugePages media are errors', () => {
    const violating = mounting([{ name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }, { name: 'huge', emptyDir: { medium: 'HugePages-2Mi' } }], 'CronJob');
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.volumes[0].emptyDir.medium`, severity: Severity.ERROR, names: 'volume \'ram\' sets emptyDir.medium: "Memory"' },
      { path: `${C}.volumes[1].emptyDir.medium`, severity: Severity.ERROR, names: '"HugePages-2Mi"' },
    ]);
  });

  test('passing: emptyDir on disk', () => {
    expect(findings([mounting([{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: { medium: '' } }])], RULE)).toEqual([]);
  });
});

describe('no-nfs', () => {
  const RULE = 'no-nfs';
  const claiming = (claimName: string, namespace?: string) => {
    const object = mounting([{ name: 'shared', persistentVolumeClaim: { claimName } }]);
    if (namespace) object.metadata.namespace = namespace;
    return object;
  };
  const claim = (name: string, volumeName: string, namespace?: string) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, volumeName },
  });
  const nfsVolume = (name: string, claimRef?: any) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany'], nfs: { server: 'nfs.contoso.com', path: '/exports' }, claimRef },
  });

  test('an nfs volume is an error naming the export', () => {
    const violating = mounting([{ name: 'share', nfs: { server: 'nfs.contoso.com', path: '/exports' } }]);
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.volumes[0].nfs`, severity: Severity.ERROR, names: 'volume \'share\' mounts NFS "nfs.contoso.com:/exports"' },
    ]);
  });

  test('a claim bound to an NFS PersistentVolume in the same batch (by volumeName or claimRef) is an error', () => {
    const byVolumeName = [claiming('shared'), claim('shared', 'nfs-pv'), nfsVolume('nfs-pv')];
    const byClaimRef = [claiming('shared', 'web'), nfsVolume('nfs-pv', { name: 'shared', namespace: 'web' })];
    for (const objects of [byVolumeName, byClaimRef]) {
      expectFindings(findings(objects, RULE), RULE, [
        { path: `${D}.volumes[0].persistentVolumeClaim.claimName`, severity: Severity.ERROR, names: 'bound to NFS PersistentVolume \'nfs-pv\' (nfs.contoso.com:/exports)' },
      ]);
    }
  });

  test('passing: claims bound elsewhere, or in another namespace', () => {
    const azure = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'disk-pv' }, spec: { azureDisk: { diskName: 'd', diskURI: 'u' } } };
    expect(findings([claiming('shared'), claim('shared', 'disk-pv'), azure, nfsVolume('nfs-pv')], RULE)).toEqual([]);
    expect(findings([claiming('shared', 'web'), nfsVolume('nfs-pv', { name: 'shared', namespace: 'other' })], RULE)).toEqual([]);
  });
});

describe('directory-mounts-only', () => {
  const RULE = 'directory-mounts-only';
  const hostPath = (type: string, path = 'C:\\etc\\app.json') => mounting([{ name: 'host', hostPath: { path, type } }]);

  test('File and FileOrCreate: errors with Docker EE, fine with containerd (single-file mapping)', () => {
    for (const type of ['File', 'FileOrCreate']) {
      expectFindings(findings([hostPath(type)], RULE, DOCKER_EE), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: `hostPath "C:\\\\etc\\\\app.json" with type: "${type}"` },
      ]);
      expect(findings([hostPath(type)], RULE, CONTAINERD)).toEqual([]);
    }
  });

  test.each(['CharDevice', 'BlockDevice'])('%s is an error with both runtimes', type => {
    for (const profile of [DOCKER_EE, CONTAINERD]) {
      expectFindings(findings([hostPath(type, 'C:\\dev\\thing')], RULE, profile), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: `type: "${type}"` },
      ]);
    }
  });

  test('Socket: an error with Docker EE and before Kubernetes 1.32 (the kubelet does not see Windows sockets), a warning from 1.32', () => {
    const socket = hostPath('Socket', 'C:\\var\\lib\\kubelet\\plugins\\csi.sock');
    expectFindings(findings([socket], RULE, DOCKER_EE), RULE, [
      { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: 'type: "Socket"' },
    ]);
    for (const minor of [27, 31]) {
      expectFindings(findings([socket], RULE, K8S(minor)), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: ['type: "Socket"', `Kubernetes 1.${minor}`, 'fails to start'] },
      ]);
    }
    for (const minor of [32, 37]) {
      expectFindings(findings([socket], RULE, K8S(minor)), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.WARNING, names: ['type: "Socket"', 'recognises Windows sockets', 'not documented'] },
      ]);
    }
  });

  test('passing: directories, and named pipes of any type with any runtime', () => {
    const objects = [
      hostPath('Directory', 'C:\\var\\log'), hostPath('DirectoryOrCreate', 'C:\\data'), hostPath('', 'C:\\data'),
      hostPath('File', '\\\\.\\pipe\\docker_engine'), hostPath('Socket', '\\\\.\\pipe\\containerd-containerd'), hostPath('File', '//./pipe/csi-proxy-v1'),
    ];
    expect(findings(objects, RULE, DOCKER_EE)).toEqual([]);
    expect(findings(objects, RULE, CONTAINERD)).toEqual([]);
  });
});

describe('no-file-mode', () => {
  const RULE = 'no-file-mode';

  test('defaultMode and items[].mode of Secret, ConfigMap, downwardAPI and projected volumes warn', () => {
    const violating = mounting([
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
    ], 'CronJob');
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.volumes[0].secret.defaultMode`, severity: Severity.WARNING, names: 'volume \'s\' sets secret.defaultMode: 256 (0400)' },
      { path: `${C}.volumes[1].configMap.items[1].mode`, severity: Severity.WARNING, names: 'volume \'c\' sets configMap.items[1].mode: 420 (0644)' },
      { path: `${C}.volumes[2].downwardAPI.defaultMode`, severity: Severity.WARNING, names: 'downwardAPI.defaultMode: 288 (0440)' },
      { path: `${C}.volumes[3].projected.defaultMode`, severity: Severity.WARNING, names: 'projected.defaultMode: 292 (0444)' },
      { path: `${C}.volumes[3].projected.sources[1].secret.items[0].mode`, severity: Severity.WARNING, names: 'projected.sources[1].secret.items[0].mode: 256 (0400)' },
    ]);
  });

  test('passing: the same volumes without modes', () => {
    const passing = mounting([
      { name: 's', secret: { secretName: 's' } },
      { name: 'c', configMap: { name: 'c', items: [{ key: 'a', path: 'a' }] } },
      { name: 'p', projected: { sources: [{ secret: { name: 's', items: [{ key: 'k', path: 'k' }] } }] } },
    ]);
    expect(findings([passing], RULE)).toEqual([]);
  });
});

describe('secret-on-node-disk', () => {
  const RULE = 'secret-on-node-disk';

  test('a Secret volume and a projected Secret are infos naming the Secret', () => {
    const violating = mounting([
      { name: 'creds', secret: { secretName: 'db-creds' } },
      { name: 'bundle', projected: { sources: [{ configMap: { name: 'ca' } }, { secret: { name: 'tls' } }] } },
    ]);
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.volumes[0].secret`, severity: Severity.INFO, names: 'volume \'creds\' mounts Secret \'db-creds\'' },
      { path: `${D}.volumes[1].projected.sources[1].secret`, severity: Severity.INFO, names: 'volume \'bundle\' projects Secret \'tls\'' },
    ]);
  });

  test('passing: Secrets as environment variables', () => {
    const passing = windowsDeployment(windowsPodSpec({
      containers: [windowsContainer({ envFrom: [{ secretRef: { name: 'db-creds' } }] })],
    }));
    expect(findings([passing], RULE)).toEqual([]);
  });
});
