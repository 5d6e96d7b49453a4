// Section 5 rules (Services): one violating and one passing case per rule, with the Kubernetes
// and Windows Server gating. The API server accepts every violating Service here: the rules are
// about what Windows nodes do with them.
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../src';
import { runRules } from '../../src/engine/run-rules';
import { SERVICE_RULES } from '../../src/rules/service';
import { service, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { expectFindings, ruleFindings } from '../support/rules';

const DEFAULT = TargetProfile.of();
const WS2019 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2019 });
const WS2022 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022 });
const WS2025 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2025 });
const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

const findings = ruleFindings(SERVICE_RULES, DEFAULT);


/** The API server accepts these Services: without the rule nothing stops them. */
function expectAcceptedUpstream(objects: any[]): void {
  if (upstreamValidationEnabled()) expectValidManifests(objects);
}

describe('clean baseline', () => {
  test('a ClusterIP Service in front of a small Deployment gives no section 5 finding', () => {
    for (const profile of [DEFAULT, WS2019, WS2022, K8S(14)]) {
      expect(runRules([service(), windowsDeployment()], profile, SERVICE_RULES)).toEqual([]);
    }
  });
});

describe('no-ipv6-single-stack', () => {
  const RULE = 'no-ipv6-single-stack';

  test('ipFamilies [IPv6] is an error before 1.21 and an info from 1.21 (single-family IPv6 works in dual-stack clusters), naming the families', () => {
    const violating = service({ ipFamilies: ['IPv6'] }, 'v6');
    expectFindings(findings([violating], RULE, K8S(20)), RULE, [
      { path: 'spec.ipFamilies', severity: Severity.ERROR, names: ['ipFamilies: ["IPv6"]', 'IPv6 single-stack', 'dual-stack came in 1.21'] },
    ]);
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.ipFamilies', severity: Severity.INFO, names: ['ipFamilies: ["IPv6"]', 'IPv6 single-stack', 'only in a dual-stack cluster on l2bridge'] },
    ]);
    expectAcceptedUpstream([violating]);
  });

  test('SingleStack with IPv6 first, and an IPv6 clusterIP without families, are IPv6 single-family too (errors on 1.20)', () => {
    expectFindings(findings([service({ ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' })], RULE, K8S(20)), RULE, [
      { path: 'spec.ipFamilies', severity: Severity.ERROR, names: ['ipFamilyPolicy: SingleStack'] },
    ]);
    expectFindings(findings([service({ clusterIP: 'fd00::10' })], RULE, K8S(20)), RULE, [
      { path: 'spec.clusterIP', severity: Severity.ERROR, names: ['"fd00::10"'] },
    ]);
    expectFindings(findings([service({ clusterIP: 'fd00::10', clusterIPs: ['fd00::10'] })], RULE), RULE, [
      { path: 'spec.clusterIPs', severity: Severity.INFO, names: ['["fd00::10"]'] },
    ]);
  });

  test('dual-stack is an error before Kubernetes 1.21 (IPv6DualStack alpha), accepted from 1.21', () => {
    const byPolicy = service({ ipFamilyPolicy: 'PreferDualStack' });
    const byFamilies = service({ ipFamilies: ['IPv4', 'IPv6'] }, 'families');
    expectFindings(findings([byPolicy], RULE, K8S(20)), RULE, [
      { path: 'spec.ipFamilyPolicy', severity: Severity.ERROR, names: ['ipFamilyPolicy: PreferDualStack', 'Kubernetes 1.20'] },
    ]);
    expectFindings(findings([byFamilies], RULE, K8S(19)), RULE, [
      { path: 'spec.ipFamilies', severity: Severity.ERROR, names: ['ipFamilies: ["IPv4","IPv6"]', 'Kubernetes 1.19'] },
    ]);
    expect(findings([byPolicy, byFamilies], RULE, K8S(21))).toEqual([]);
  });

  test('passing: IPv4, dual-stack (either family first) and no families at all', () => {
    const passing = [
      service({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }, 'v4'),
      service({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }, 'dual'),
      service({ ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack' }, 'dual6'),
      service({ ipFamilies: ['IPv6'], ipFamilyPolicy: 'PreferDualStack' }, 'prefer'),
      service({ clusterIP: '10.0.0.10' }, 'ip4'),
      service({ clusterIP: 'None' }, 'headless'),
      service(),
    ];
    expect(findings(passing, RULE)).toEqual([]);
  });
});

describe('local-traffic-policy-needs-dsr', () => {
  const RULE = 'local-traffic-policy-needs-dsr';

  test('externalTrafficPolicy Local is a warning before 1.33 (WinDSR alpha) and an info from 1.33 (on; GA in 1.34)', () => {
    const violating = service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.externalTrafficPolicy', severity: Severity.WARNING, names: ['externalTrafficPolicy: "Local"', 'type LoadBalancer', '--feature-gates=WinDSR=true --enable-dsr=true'] },
    ]);
    expectFindings(findings([violating], RULE, K8S(33)), RULE, [
      { path: 'spec.externalTrafficPolicy', severity: Severity.INFO, names: ['WinDSR is on by default', '--enable-dsr=true'] },
    ]);
    expectFindings(findings([violating], RULE, K8S(34)), RULE, [
      { path: 'spec.externalTrafficPolicy', severity: Severity.INFO, names: ['WinDSR is GA'] },
    ]);
    expectAcceptedUpstream([violating]);
  });

  test('passing: Cluster, or unset', () => {
    expect(findings([service({ type: 'NodePort', externalTrafficPolicy: 'Cluster' }), service()], RULE)).toEqual([]);
  });
});

describe('session-affinity-needs-2022', () => {
  const RULE = 'session-affinity-needs-2022';
  const violating = service({ sessionAffinity: 'ClientIP' });

  test('ClientIP on a Windows Server 2019 target is an error', () => {
    expectFindings(findings([violating], RULE, WS2019), RULE, [
      { path: 'spec.sessionAffinity', severity: Severity.ERROR, names: ['sessionAffinity: "ClientIP"', 'Windows Server 2019'] },
    ]);
    expectAcceptedUpstream([violating]);
  });

  test('ClientIP with the Windows Server version not pinned is a warning before 1.35, nothing from 1.35 (2022 and 2025 are the listed hosts)', () => {
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.sessionAffinity', severity: Severity.WARNING, names: ['"ClientIP"', 'not pinned', 'Windows Server 2022 or newer'] },
    ]);
    expect(findings([violating], RULE, K8S(35))).toEqual([]);
    const ws2019On135 = TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(35), windowsServerVersion: WindowsServerVersion.WS2019 });
    expect(findings([violating], RULE, ws2019On135).map(f => f.severity)).toEqual([Severity.ERROR]);
  });

  test('passing: ClientIP on 2022 and 2025, and None anywhere', () => {
    expect(findings([violating], RULE, WS2022)).toEqual([]);
    expect(findings([violating], RULE, WS2025)).toEqual([]);
    expect(findings([service({ sessionAffinity: 'None' })], RULE, WS2019)).toEqual([]);
  });
});

describe('node-local-access', () => {
  const RULE = 'node-local-access';

  test('NodePort and LoadBalancer Services get the advice', () => {
    expectFindings(findings([service({ type: 'NodePort' }, 'np'), service({ type: 'LoadBalancer' }, 'lb')], RULE), RULE, [
      { path: 'spec.type', severity: Severity.INFO, names: ['type NodePort'] },
      { path: 'spec.type', severity: Severity.INFO, names: ['type LoadBalancer'] },
    ]);
  });

  test('passing: ClusterIP, headless, ExternalName, and a LoadBalancer without node ports', () => {
    const passing = [
      service(),
      service({ clusterIP: 'None' }, 'headless'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.contoso.com' } },
      service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, 'lb'),
    ];
    expect(findings(passing, RULE)).toEqual([]);
    expectAcceptedUpstream(passing);
  });
});

describe('max-service-backends', () => {
  const RULE = 'max-service-backends';
  const deployment = (name: string, replicas: number, labels: any = { app: 'web' }, namespace?: string) => {
    const object = windowsDeployment(windowsPodSpec(), name);
    object.spec.replicas = replicas;
    object.spec.selector.matchLabels = labels;
    object.spec.template.metadata.labels = labels;
    if (namespace) object.metadata.namespace = namespace;
    return object;
  };
  const statefulSet = (name: string, replicas: number) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: { replicas, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'db' } }, spec: windowsPodSpec() } },
  });

  test('more than 1,024 selected replicas in total is a warning naming the workloads', () => {
    const objects = [service(), deployment('web', 1000), statefulSet('db', 30)];
    expectFindings(findings(objects, RULE), RULE, [
      { path: 'spec.selector', severity: Severity.WARNING, names: ['1,030 backend pods', 'more than 1,024', 'Deployment/web (1000 replicas)', 'StatefulSet/db (30 replicas)'] },
    ]);
    expectAcceptedUpstream(objects);
  });

  test('a HorizontalPodAutoscaler\'s maxReplicas counts', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 2000 },
    };
    expectFindings(findings([service(), deployment('web', 2), hpa], RULE), RULE, [
      { path: 'spec.selector', severity: Severity.WARNING, names: ['2,000 backend pods', 'up to 2000 replicas with HorizontalPodAutoscaler/web'] },
    ]);
  });

  test('the context objects count (as WindowsCompliance passes the chart)', () => {
    const found = runRules([service()], DEFAULT, SERVICE_RULES, [service(), deployment('web', 1025)]).filter(f => f.rule === RULE);
    expect(found.map(f => f.path)).toEqual(['spec.selector']);
  });

  test('passing: 1,024 exactly (65 to 1,024 backends were a false warning under the old limit of 64), other labels, other namespaces, DaemonSets, owned ReplicaSets, no selector', () => {
    const daemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: windowsPodSpec() } } };
    const owned = { ...deployment('web-abc', 40), kind: 'ReplicaSet', metadata: { name: 'web-abc', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'x' }] } };
    const namespaced = { ...service(), metadata: { name: 'web', namespace: 'shop' } };
    const objects = [
      service(), deployment('web', 60), windowsPod(windowsPodSpec()), { ...windowsPod(), metadata: { name: 'p', labels: { app: 'web' } } },
      deployment('api', 5000, { app: 'api' }), daemonSet, owned,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } },
    ];
    // 60 replicas + the labelled Pod = 61 backends.
    expect(findings(objects, RULE)).toEqual([]);
    // A Service in one namespace does not select pods of another (objects without a namespace match any).
    expect(findings([namespaced, deployment('web', 60), deployment('other-ns', 5000, { app: 'web' }, 'payments')], RULE)).toEqual([]);
    expect(findings([service(), deployment('web', 1024)], RULE)).toEqual([]);
    expect(findings([service(), deployment('web', 65)], RULE)).toEqual([]);
  });
});
