import { KubernetesResource } from '../../src/resource-manifests';

/** A pod spec placed on Windows correctly (no finding at the default profile), with `container` merged into its container. */
export function windowsPodSpec(container: Record<string, any> = {}): Record<string, any> {
  return {
    os: { name: 'windows' },
    nodeSelector: { 'kubernetes.io/os': 'windows' },
    containers: [{
      name: 'web',
      image: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022',
      resources: { limits: { memory: '512Mi', cpu: '500m' }, requests: { memory: '512Mi', cpu: '500m' } },
      securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
      ...container,
    }],
  };
}

/** A Deployment resource as a stack policy sees it (outputs, with a status), labelled `app: <name>`. */
export function deploymentResource(name: string, podSpec: Record<string, any>, annotations?: Record<string, string>): KubernetesResource {
  return {
    type: 'kubernetes:apps/v1:Deployment',
    urn: `urn:pulumi:test::windows::kubernetes:apps/v1:Deployment::${name}`,
    props: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: podSpec },
      },
      status: { replicas: 1 },
    },
  };
}

/** A Service resource selecting `app: <selects>`. */
export function serviceResource(name: string, selects: string, spec: Record<string, any> = {}): KubernetesResource {
  return {
    type: 'kubernetes:core/v1:Service',
    urn: `urn:pulumi:test::windows::kubernetes:core/v1:Service::${name}`,
    props: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { selector: { app: selects }, ports: [{ port: 80 }], ...spec },
    },
  };
}

/** The Linux-only fields the API server rejects on a Windows pod. */
export const LINUX_ONLY_SECURITY_CONTEXT = { securityContext: { privileged: false, runAsUser: 1000 } };
