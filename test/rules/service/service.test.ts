// Section 5 rules (Services): the examples of each rule (examples.ts), then the Kubernetes and
// Windows Server gating and the edge cases. The API server accepts every violating Service here:
// the rules are about what Windows nodes do with them (test/conformance/service-rules.test.ts).
import { backendDeployment, EXAMPLES, K8S, PROFILE, WS2019 } from './examples';
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { SERVICE_RULES } from '../../../src/rules/service';
import { service, windowsDeployment } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const WS2022 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022 });
const WS2025 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2025 });
const DEFAULT = PROFILE;

const findings = ruleFindings(SERVICE_RULES, DEFAULT);

testExamples(EXAMPLES, SERVICE_RULES, PROFILE);

describe('clean baseline', () => {
  test('a ClusterIP Service in front of a small Deployment gives no section 5 finding', () => {
    for (const profile of [DEFAULT, WS2019, WS2022, K8S(14)]) {
      expect(runRules([service(), windowsDeployment()], profile, SERVICE_RULES)).toEqual([]);
    }
  });
});

describe('no-ipv6-single-stack', () => {
  const RULE = 'no-ipv6-single-stack';

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
});

describe('local-traffic-policy-needs-dsr', () => {
  const RULE = 'local-traffic-policy-needs-dsr';

  test('externalTrafficPolicy Local is an info from 1.33 (WinDSR on; GA in 1.34)', () => {
    const violating = service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expectFindings(findings([violating], RULE, K8S(33)), RULE, [
      { path: 'spec.externalTrafficPolicy', severity: Severity.INFO, names: ['WinDSR is on by default', '--enable-dsr=true'] },
    ]);
    expectFindings(findings([violating], RULE, K8S(34)), RULE, [
      { path: 'spec.externalTrafficPolicy', severity: Severity.INFO, names: ['WinDSR is GA'] },
    ]);
  });
});

describe('session-affinity-needs-2022', () => {
  const RULE = 'session-affinity-needs-2022';
  const violating = service({ sessionAffinity: 'ClientIP' });

  test('ClientIP with the Windows Server version not pinned is a warning before 1.35, nothing from 1.35 (2022 and 2025 are the listed hosts)', () => {
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.sessionAffinity', severity: Severity.WARNING, names: ['"ClientIP"', 'not pinned', 'Windows Server 2022 or newer'] },
    ]);
    expect(findings([violating], RULE, K8S(35))).toEqual([]);
    const ws2019On135 = TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(35), windowsServerVersion: WindowsServerVersion.WS2019 });
    expect(findings([violating], RULE, ws2019On135).map(f => f.severity)).toEqual([Severity.ERROR]);
  });

  test('passing: ClientIP on 2022 and 2025', () => {
    expect(findings([violating], RULE, WS2022)).toEqual([]);
    expect(findings([violating], RULE, WS2025)).toEqual([]);
  });
});

describe('max-service-backends', () => {
  const RULE = 'max-service-backends';
  const deployment = backendDeployment;

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

  test('passing: 1,024 exactly (65 to 1,024 backends were a false warning under the old limit of 64), other namespaces', () => {
    const namespaced = { ...service(), metadata: { name: 'web', namespace: 'shop' } };
    // A Service in one namespace does not select pods of another (objects without a namespace match any).
    expect(findings([namespaced, deployment('web', 60), deployment('other-ns', 5000, { app: 'web' }, 'payments')], RULE)).toEqual([]);
    expect(findings([service(), deployment('web', 1024)], RULE)).toEqual([]);
    expect(findings([service(), deployment('web', 65)], RULE)).toEqual([]);
  });
});
