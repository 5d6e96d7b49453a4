// The examples of the Service rules: Services (with the workloads they select) that violate each
// rule, with its findings, and Services that pass it. test/rules/service/service.test.ts runs them.
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../../src';
import { service, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const WS2019 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2019 });
export const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

/** A Deployment of `replicas` pods labelled `labels`, which `service()` selects by default. */
export function backendDeployment(name: string, replicas: number, labels: any = { app: 'web' }, namespace?: string): any {
  const object = windowsDeployment(windowsPodSpec(), name);
  object.spec.replicas = replicas;
  object.spec.selector.matchLabels = labels;
  object.spec.template.metadata.labels = labels;
  if (namespace) object.metadata.namespace = namespace;
  return object;
}

const statefulSet = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: { replicas, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'db' } }, spec: windowsPodSpec() } },
});
const daemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: windowsPodSpec() } } };
const ownedReplicaSet = { ...backendDeployment('web-abc', 40), kind: 'ReplicaSet', metadata: { name: 'web-abc', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'x' }] } };

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'no-ipv6-single-stack',
    violating: [{
      name: 'ipFamilies [IPv6] is an error before 1.21, naming the families',
      objects: [service({ ipFamilies: ['IPv6'] }, 'v6')],
      profile: K8S(20),
      findings: [{ path: 'spec.ipFamilies', severity: Severity.ERROR, names: ['ipFamilies: ["IPv6"]', 'IPv6 single-stack', 'dual-stack came in 1.21'] }],
    }, {
      name: 'ipFamilies [IPv6] is an info from 1.21 (single-family IPv6 works in dual-stack clusters)',
      objects: [service({ ipFamilies: ['IPv6'] }, 'v6')],
      findings: [{ path: 'spec.ipFamilies', severity: Severity.INFO, names: ['ipFamilies: ["IPv6"]', 'IPv6 single-stack', 'only in a dual-stack cluster on l2bridge'] }],
    }],
    passing: [{
      name: 'IPv4, dual-stack (either family first) and no families at all',
      objects: [
        service({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }, 'v4'),
        service({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }, 'dual'),
        service({ ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack' }, 'dual6'),
        service({ ipFamilies: ['IPv6'], ipFamilyPolicy: 'PreferDualStack' }, 'prefer'),
        service({ clusterIP: '10.0.0.10' }, 'ip4'),
        service({ clusterIP: 'None' }, 'headless'),
        service(),
      ],
    }],
  },
  {
    rule: 'local-traffic-policy-needs-dsr',
    violating: [{
      name: 'externalTrafficPolicy Local is a warning before 1.33 (WinDSR alpha)',
      objects: [service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' })],
      findings: [{ path: 'spec.externalTrafficPolicy', severity: Severity.WARNING, names: ['externalTrafficPolicy: "Local"', 'type LoadBalancer', '--feature-gates=WinDSR=true --enable-dsr=true'] }],
    }],
    passing: [{
      name: 'Cluster, or unset',
      objects: [service({ type: 'NodePort', externalTrafficPolicy: 'Cluster' }), service()],
    }],
  },
  {
    rule: 'session-affinity-needs-2022',
    violating: [{
      name: 'ClientIP on a Windows Server 2019 target is an error',
      objects: [service({ sessionAffinity: 'ClientIP' })],
      profile: WS2019,
      findings: [{ path: 'spec.sessionAffinity', severity: Severity.ERROR, names: ['sessionAffinity: "ClientIP"', 'Windows Server 2019'] }],
    }],
    passing: [{
      name: 'None on Windows Server 2019',
      objects: [service({ sessionAffinity: 'None' })],
      profile: WS2019,
    }],
  },
  {
    rule: 'node-local-access',
    violating: [{
      name: 'NodePort and LoadBalancer Services get the advice',
      objects: [service({ type: 'NodePort' }, 'np'), service({ type: 'LoadBalancer' }, 'lb')],
      findings: [
        { path: 'spec.type', severity: Severity.INFO, names: ['type NodePort'] },
        { path: 'spec.type', severity: Severity.INFO, names: ['type LoadBalancer'] },
      ],
    }],
    passing: [{
      name: 'ClusterIP, headless, ExternalName, and a LoadBalancer without node ports',
      objects: [
        service(),
        service({ clusterIP: 'None' }, 'headless'),
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.contoso.com' } },
        service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, 'lb'),
      ],
    }],
  },
  {
    rule: 'max-service-backends',
    violating: [{
      name: 'more than 1,024 selected replicas in total is a warning naming the workloads',
      objects: [service(), backendDeployment('web', 1000), statefulSet('db', 30)],
      findings: [{ path: 'spec.selector', severity: Severity.WARNING, names: ['1,030 backend pods', 'more than 1,024', 'Deployment/web (1000 replicas)', 'StatefulSet/db (30 replicas)'] }],
    }],
    passing: [{
      // 60 replicas + the labelled Pod = 61 backends.
      name: 'other labels, DaemonSets, owned ReplicaSets, a Service without a selector',
      objects: [
        service(), backendDeployment('web', 60), windowsPod(windowsPodSpec()), { ...windowsPod(), metadata: { name: 'p', labels: { app: 'web' } } },
        backendDeployment('api', 5000, { app: 'api' }), daemonSet, ownedReplicaSet,
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } },
      ],
    }],
  },
];
