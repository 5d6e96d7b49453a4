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
