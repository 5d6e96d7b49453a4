// The examples of the namespace rules: Windows workloads with the Namespace (or the target's
// podSecurity) whose Pod Security labels judge them, and with the ServiceAccounts, RBAC and gMSA
// credential specs the gMSA webhook looks at. test/rules/namespace/namespace.test.ts runs them.
import { KubernetesVersion, PodSecurityLevel, Severity, TargetProfile } from '../../../src';
import { supportedWindowsFeatures, windowsContainer, windowsDaemonSet, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

/** A Namespace with Pod Security labels given by mode (`enforce: 'restricted'`, `'enforce-version': 'v1.24'`). */
export function namespace(name: string, modes: { [mode: string]: string } = {}): any {
  const labels: { [label: string]: string } = {};
  for (const [mode, value] of Object.entries(modes)) labels[`pod-security.kubernetes.io/${mode}`] = value;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** `object` placed in namespace `name`. */
export function inNamespace<T extends { metadata: any }>(object: T, name: string): T {
  return { ...object, metadata: { ...object.metadata, namespace: name } };
}

/** The IIS image as the library runs it by default: as ContainerAdministrator, so not as non-root. */
export function iisDeployment(): any {
  return windowsDeployment(windowsPodSpec({
    securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
    containers: [windowsContainer({ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022' })],
  }), 'site');
}

/** A HostProcess DaemonSet (host network, SYSTEM). */
export function hostProcessDaemonSet(): any {
  return windowsDaemonSet(windowsPodSpec({
    hostNetwork: true,
    securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
  }), 'agent');
}

/** A Deployment whose pods run with the gMSA credential spec `spec` as ServiceAccount `account`. */
export function gmsaDeployment(spec = 'webapp1', account = 'webapp'): any {
  return inNamespace(windowsDeployment(windowsPodSpec({
    serviceAccountName: account,
    securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: spec } },
  }), 'webapp'), 'apps');
}

export const credentialSpec = (name: string) => ({
  apiVersion: 'windows.k8s.io/v1',
  kind: 'GMSACredentialSpec',
  metadata: { name },
  credspec: { CmsPlugins: ['ActiveDirectory'], ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp1', Scope: 'CONTOSO' }] }, DomainJoinConfig: { DnsName: 'contoso.com', NetBiosName: 'CONTOSO' } },
});
export const serviceAccount = (name = 'webapp', ns = 'apps') => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
export const useRole = (name: string, specs: string[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name },
  rules: [{ apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: specs }],
});
export const roleBinding = (role: string, account = 'webapp', ns = 'apps') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: `${account}-${role}`, namespace: ns },
  subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
});

const POD = 'spec.template.spec';

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'pod-security-enforce',
    violating: [{
      name: 'IIS (ContainerAdministrator) in a restricted namespace: runAsNonRoot fails, the fix names baseline or another image',
      objects: [namespace('web', { enforce: 'restricted' }), inNamespace(iisDeployment(), 'web')],
      findings: [{
        path: `${POD}.securityContext.runAsNonRoot`,
        severity: Severity.ERROR,
        names: ["Namespace 'web' enforces Pod Security restricted (latest: v1.27", 'accepts this Deployment but refuses every pod', 'check runAsNonRoot', 'runAsNonRoot != true: pod or container "iis" must set securityContext.runAsNonRoot=true'],
      }],
    }, {
      name: 'a HostProcess DaemonSet in a baseline namespace: host network, the port host network makes a hostPort, and HostProcess fail',
      objects: [namespace('agents', { enforce: 'baseline' }), inNamespace(hostProcessDaemonSet(), 'agents')],
      findings: [
        { path: `${POD}.hostNetwork`, severity: Severity.ERROR, names: ['check hostNamespaces', 'hostNetwork=true'] },
        { path: `${POD}.containers[0].ports[0].containerPort`, severity: Severity.ERROR, names: ['check hostPorts', 'container "app" uses hostPort 80'] },
        { path: `${POD}.securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['check windowsHostProcess', 'pod must not set securityContext.windowsOptions.hostProcess=true'] },
      ],
    }, {
      name: 'restricted pinned below v1.25 admits no Windows pod: allowPrivilegeEscalation, capabilities and seccomp fail',
      objects: [namespace('web', { 'enforce': 'restricted', 'enforce-version': 'v1.24' }), inNamespace(windowsDeployment(), 'web')],
      findings: [
        { path: `${POD}.containers[0].securityContext.allowPrivilegeEscalation`, severity: Severity.ERROR, names: ['restricted (version v1.24)', 'check allowPrivilegeEscalation', 'allowPrivilegeEscalation != false: container "app"'] },
        { path: `${POD}.containers[0].securityContext.capabilities`, severity: Severity.ERROR, names: ['check capabilities_restricted', 'must set securityContext.capabilities.drop=["ALL"]'] },
        { path: `${POD}.securityContext.seccompProfile`, severity: Severity.ERROR, names: ['check seccompProfile_restricted', '"RuntimeDefault" or "Localhost"'] },
      ],
    }, {
      name: 'a Windows Pod without spec.os fails restricted on the checks v1.25 exempts Windows pods from',
      objects: [namespace('web', { enforce: 'restricted' }), inNamespace(windowsPod(windowsPodSpec({ os: undefined })), 'web')],
      findings: [
        { path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', severity: Severity.ERROR, names: ['the API server refuses this Pod', 'check allowPrivilegeEscalation'] },
        { path: 'spec.containers[0].securityContext.capabilities', severity: Severity.ERROR, names: ['check capabilities_restricted'] },
        { path: 'spec.securityContext.seccompProfile', severity: Severity.ERROR, names: ['check seccompProfile_restricted'] },
      ],
    }, {
      name: 'the target\'s podSecurity for a namespace the input does not hold',
      objects: [inNamespace(iisDeployment(), 'shop')],
      profile: TargetProfile.of({ podSecurity: [{ namespace: 'shop', enforce: PodSecurityLevel.RESTRICTED }] }),
      findings: [{ path: `${POD}.securityContext.runAsNonRoot`, severity: Severity.ERROR, names: ["the target's podSecurity for namespace 'shop'", 'check runAsNonRoot'] }],
    }, {
      name: 'Azure File and a host path in a restricted namespace: restricted volume types',
      objects: [namespace('web', { enforce: 'restricted' }), inNamespace(windowsDeployment(windowsPodSpec({
        volumes: [{ name: 'config', configMap: { name: 'c' } }, { name: 'files', azureFile: { secretName: 's', shareName: 'share' } }, { name: 'logs', hostPath: { path: 'C:\\logs' } }],
      })), 'web')],
      findings: [{ path: `${POD}.volumes[1]`, severity: Severity.ERROR, names: ['check restrictedVolumes', 'volumes "files", "logs" use restricted volume types "azureFile", "hostPath"'] }],
    }],
    passing: [{
      name: 'a Windows pod as ContainerUser, non-root, with spec.os, in a restricted namespace (latest and v1.25)',
      objects: [
        namespace('web', { enforce: 'restricted' }), inNamespace(windowsDeployment(), 'web'),
        namespace('pinned', { 'enforce': 'restricted', 'enforce-version': 'v1.25' }), inNamespace(windowsDeployment(windowsPodSpec(), 'api'), 'pinned'),
      ],
    }, {
      name: 'IIS in a baseline namespace, HostProcess in a privileged one',
      objects: [
        namespace('web', { enforce: 'baseline' }), inNamespace(iisDeployment(), 'web'),
        namespace('agents', { enforce: 'privileged' }), inNamespace(hostProcessDaemonSet(), 'agents'),
      ],
    }, {
      name: 'supported Windows features (hostPath pipes, Azure File, probes) in a namespace without labels, or with none set',
      objects: [namespace('web'), inNamespace(supportedWindowsFeatures(), 'web'), supportedWindowsFeatures()],
    }, {
      name: 'before 1.23 the PodSecurity admission plugin is off by default',
      objects: [namespace('web', { enforce: 'restricted' }), inNamespace(iisDeployment(), 'web')],
      profile: K8S(22),
    }, {
      name: 'a Namespace of the input wins over the target\'s podSecurity',
      objects: [namespace('shop', { enforce: 'baseline' }), inNamespace(iisDeployment(), 'shop')],
      profile: TargetProfile.of({ podSecurity: [{ namespace: 'shop', enforce: PodSecurityLevel.RESTRICTED }] }),
    }],
  },
  {
    rule: 'pod-security-warn',
    violating: [{
      name: 'IIS in a namespace that enforces baseline and warns at restricted',
      objects: [namespace('web', { enforce: 'baseline', warn: 'restricted' }), inNamespace(iisDeployment(), 'web')],
      findings: [{ path: `${POD}.securityContext.runAsNonRoot`, severity: Severity.WARNING, names: ["Namespace 'web' warns at restricted", 'prints a warning', 'check runAsNonRoot'] }],
    }, {
      name: 'a HostProcess DaemonSet in a namespace that audits at baseline',
      objects: [namespace('agents', { enforce: 'privileged', audit: 'baseline' }), inNamespace(hostProcessDaemonSet(), 'agents')],
      findings: [
        { path: `${POD}.hostNetwork`, severity: Severity.WARNING, names: ['audits at baseline', 'audit annotation', 'check hostNamespaces'] },
        { path: `${POD}.containers[0].ports[0].containerPort`, severity: Severity.WARNING, names: ['check hostPorts', 'hostPort 80'] },
        { path: `${POD}.securityContext.windowsOptions.hostProcess`, severity: Severity.WARNING, names: ['check windowsHostProcess'] },
      ],
    }],
    passing: [{
      name: 'enforce restricted alone: warn takes the enforce level, and pod-security-enforce says it once',
      objects: [namespace('web', { enforce: 'restricted' }), inNamespace(iisDeployment(), 'web')],
    }, {
      name: 'a Windows pod as ContainerUser in a namespace that warns and audits at restricted',
      objects: [namespace('web', { warn: 'restricted', audit: 'restricted' }), inNamespace(supportedWindowsFeatures(), 'other'), inNamespace(windowsDeployment(), 'web')],
    }],
  },
  {
    rule: 'gmsa-use-not-granted',
    violating: [{
      name: 'the credential spec named is not in the input, which holds another',
      objects: [credentialSpec('webapp2'), gmsaDeployment('webapp1')],
      findings: [{ path: `${POD}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.WARNING, names: ["'webapp1'", "it holds 'webapp2'", 'cred spec webapp1 does not exist'] }],
    }, {
      name: 'the ServiceAccount is bound to a role that allows another spec only',
      objects: [credentialSpec('webapp1'), serviceAccount(), useRole('use-webapp2', ['webapp2']), roleBinding('use-webapp2'), gmsaDeployment('webapp1')],
      findings: [{ path: `${POD}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.WARNING, names: ["ServiceAccount 'webapp' (namespace 'apps')", 'is not authorized to `use` GMSA cred spec \\"webapp1\\"'] }],
    }, {
      name: 'a container-level spec, and the pod runs as the default account, which no binding names',
      objects: [serviceAccount(), useRole('use-webapp1', ['webapp1']), roleBinding('use-webapp1'), inNamespace(windowsPod(windowsPodSpec({
        containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } } })],
      })), 'apps')],
      findings: [{ path: 'spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpecName', severity: Severity.WARNING, names: ["container 'app'", "ServiceAccount 'default'"] }],
    }],
    passing: [{
      name: 'the spec, a ClusterRole allowing use on it and a RoleBinding for the pod\'s account',
      objects: [credentialSpec('webapp1'), serviceAccount(), useRole('use-webapp1', ['webapp1']), roleBinding('use-webapp1'), gmsaDeployment('webapp1')],
    }, {
      name: 'a binding to a role the input does not hold, or to an aggregated ClusterRole, may grant it',
      objects: [serviceAccount(), roleBinding('defined-elsewhere'), gmsaDeployment('webapp1'), serviceAccount('agg'),
        { ...useRole('aggregated', []), rules: [], aggregationRule: { clusterRoleSelectors: [{ matchLabels: { gmsa: 'true' } }] } }, roleBinding('aggregated', 'agg'), gmsaDeployment('webapp1', 'agg')],
    }, {
      name: 'an input without credential specs or bindings says nothing (the cluster may hold them)',
      objects: [serviceAccount(), gmsaDeployment('webapp1'), gmsaDeployment('other', 'other')],
    }, {
      name: 'a group binding for every service account of the namespace, with a role allowing every spec',
      objects: [serviceAccount(), { ...useRole('use-all', []), rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }, {
        ...roleBinding('use-all'), subjects: [{ kind: 'Group', name: 'system:serviceaccounts:apps', apiGroup: 'rbac.authorization.k8s.io' }],
      }, gmsaDeployment('webapp1')],
    }],
  },
];
