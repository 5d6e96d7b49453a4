// Plain Windows manifests for rule tests: a clean baseline that the API server accepts and the
// engine passes, which each test bends in one place to violate one rule.

/** A container a Windows node runs as is. */
export function windowsContainer(overrides: any = {}): any {
  return {
    name: 'app',
    // ASP.NET Core: no IIS ServiceMonitor, so it runs as ContainerUser (image-needs-administrator).
    image: 'mcr.microsoft.com/dotnet/aspnet:8.0-windowsservercore-ltsc2022',
    ports: [{ containerPort: 80 }],
    resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
    ...overrides,
  };
}

/** A Windows pod spec: os field, node selector, toleration, ContainerUser, non-root. */
export function windowsPodSpec(overrides: any = {}): any {
  return {
    os: { name: 'windows' },
    nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' },
    tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
    securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } },
    containers: [windowsContainer()],
    ...overrides,
  };
}

/** A DaemonSet around `podSpec`. */
export function windowsDaemonSet(podSpec: any = windowsPodSpec(), name = 'agent'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  };
}

/** A StatefulSet around `podSpec`. */
export function windowsStatefulSet(podSpec: any = windowsPodSpec(), name = 'db'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}

/** A Deployment around `podSpec`. */
export function windowsDeployment(podSpec: any = windowsPodSpec(), name = 'web'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}

/** A bare Pod around `podSpec`. */
export function windowsPod(podSpec: any = windowsPodSpec(), name = 'pod'): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: podSpec };
}

/** A CronJob around `podSpec` (the deepest pod template path). */
export function windowsCronJob(podSpec: any = windowsPodSpec({ restartPolicy: 'OnFailure' }), name = 'nightly'): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec } } } },
  };
}

/** A Service selecting `app: name`. */
export function service(spec: any = {}, name = 'web'): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }], ...spec },
  };
}

/** A named pipe of the host, mounted as a hostPath volume. */
export const NAMED_PIPE = '\\\\.\\pipe\\docker_engine';

/**
 * A Deployment that uses what Windows supports: ConfigMap and Secret volumes and environment
 * variables, emptyDir, a named-pipe and a directory hostPath, Azure File and Disk, GCE PD and SMB
 * CSI volumes, probes, lifecycle hooks and resource limits. No rule may flag it.
 */
export function supportedWindowsFeatures(): any {
  return windowsDeployment(windowsPodSpec({
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
}
