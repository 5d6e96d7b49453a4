// Unit tests: the policies called directly with fake stack-validation args (no Pulumi engine, no
// CLI). The end-to-end test runs the same pack under the real CLI.
import { ReportViolation, StackValidationArgs } from '@pulumi/policy';
import { Severity } from 'cdk8s-windows';
import { WindowsPolicyConfig } from '../../src/policy-config';
import { checkResources, POLICY_NAMES, severityPolicy, windowsPolicies } from '../../src/policy-pack';
import { KubernetesResource } from '../../src/resource-manifests';
import { deploymentResource, LINUX_ONLY_SECURITY_CONTEXT, serviceResource, windowsPodSpec } from '../support/fixtures';

interface Violation { readonly message: string; readonly urn?: string }

/** Runs one severity's stack policy over `resources` as the policy runtime would. */
function violations(severity: Severity, resources: KubernetesResource[], packConfig: WindowsPolicyConfig = {}, policyConfig: object = {}): Violation[] {
  const found: Violation[] = [];
  const report: ReportViolation = (message, urn) => { found.push({ message, urn }); };
  const args = {
    resources,
    stackTags: new Map(),
    getConfig: () => policyConfig,
    notApplicable: () => { throw new Error('not applicable'); },
  } as unknown as StackValidationArgs;
  void severityPolicy(severity, packConfig).validateStack(args, report);
  return found;
}

const good = deploymentResource('good', windowsPodSpec());
const bad = deploymentResource('bad', windowsPodSpec(LINUX_ONLY_SECURITY_CONTEXT));

describe('unit: the policies', () => {
  test('three policies, one per severity, with the mapped enforcement levels', () => {
    expect(windowsPolicies().map(p => [p.name, p.enforcementLevel, p.severity])).toEqual([
      ['cdk8s-windows-errors', 'mandatory', 'high'],
      ['cdk8s-windows-warnings', 'advisory', 'medium'],
      ['cdk8s-windows-info', 'advisory', 'low'],
    ]);
    expect(windowsPolicies({ strict: true, info: 'disabled' }).map(p => p.enforcementLevel)).toEqual(['mandatory', 'mandatory', 'disabled']);
  });

  test('a correct Windows Deployment has no violation', () => {
    for (const severity of [Severity.ERROR, Severity.WARNING, Severity.INFO]) {
      expect(violations(severity, [good])).toEqual([]);
    }
  });

  test('Linux-only fields on a Windows Deployment are error violations against its URN, with the engine\'s words', () => {
    const found = violations(Severity.ERROR, [good, bad]);
    const expected = checkResources([bad]).map(f => f.finding);
    expect(expected.map(f => f.rule)).toEqual(['no-privileged', 'no-linux-security-context']);
    expect(found).toHaveLength(2);
    found.forEach((violation, i) => {
      const finding = expected[i];
      expect(violation.urn).toBe(bad.urn);
      expect(violation.message).toContain(`[${finding.rule}] Deployment/default/bad ${finding.path}`);
      expect(violation.message).toContain(finding.message);
      expect(violation.message).toContain(`fix: ${finding.remediation}`);
      expect(violation.message).toContain(`see: ${finding.docsUrl}`);
    });
  });

  test('each policy reports only its severity', () => {
    const resources = [bad, deploymentResource('no-limit', windowsPodSpec({ resources: {} }))];
    expect(violations(Severity.ERROR, resources).every(v => v.urn === bad.urn)).toBe(true);
    const warnings = violations(Severity.WARNING, resources);
    expect(warnings.map(v => v.message.split(' ')[0])).toEqual(['[memory-limit-required]']);
    expect(warnings[0].urn).toBe(resources[1].urn);
  });

  test('a Service is judged with the workloads it selects', () => {
    const nodePort = { type: 'NodePort' };
    const linux = deploymentResource('linux', { containers: [{ name: 'c', image: 'nginx:1.27' }] });
    const toWindows = violations(Severity.INFO, [good, serviceResource('web', 'good', nodePort)]);
    expect(toWindows.map(v => v.message.split(' ')[0])).toEqual(['[node-local-access]']);
    expect(toWindows[0].urn).toBe('urn:pulumi:test::windows::kubernetes:core/v1:Service::web');
    expect(violations(Severity.INFO, [linux, serviceResource('web', 'linux', nodePort)])).toEqual([]);
  });

  test('the profile comes from the pack config, overlaid with the policy config', () => {
    const resources = [good, serviceResource('web', 'good', { sessionAffinity: 'ClientIP' })];
    const rules = (found: Violation[]) => found.map(v => v.message.split(' ')[0]);
    expect(rules(violations(Severity.ERROR, resources, { windowsServerVersion: '2022' }))).toEqual([]);
    expect(rules(violations(Severity.ERROR, resources, { windowsServerVersion: '2019' })))
      .toEqual(['[windows-image-build-mismatch]', '[session-affinity-needs-2022]']);
    expect(rules(violations(Severity.ERROR, resources, { windowsServerVersion: '2022' }, { windowsServerVersion: '2019' })))
      .toEqual(['[windows-image-build-mismatch]', '[session-affinity-needs-2022]']);
  });

  test('assumeWindows checks pods without Windows placement as Windows pods', () => {
    const unplaced = deploymentResource('unplaced', { containers: [{ name: 'c', image: 'example/app:1', ...LINUX_ONLY_SECURITY_CONTEXT }] });
    expect(violations(Severity.ERROR, [unplaced])).toEqual([]);
    expect(violations(Severity.ERROR, [unplaced], { assumeWindows: true }).map(v => v.message.split(' ')[0]))
      .toEqual(expect.arrayContaining(['[no-privileged]', '[no-linux-security-context]']));
  });

  test('the ignore-check annotation suppresses a rule the API server does not enforce', () => {
    const annotations = { 'ignore-check.cdk8s-windows.io/memory-limit-required': 'limits are set by a LimitRange in this namespace' };
    const suppressed = deploymentResource('suppressed', windowsPodSpec({ resources: {} }), annotations);
    expect(violations(Severity.WARNING, [suppressed])).toEqual([]);
    expect(checkResources([suppressed]).map(f => [f.finding.rule, f.finding.suppressedReason]))
      .toEqual([['memory-limit-required', annotations['ignore-check.cdk8s-windows.io/memory-limit-required']]]);
  });

  test('policy names are stable', () => {
    expect(POLICY_NAMES).toEqual({ error: 'cdk8s-windows-errors', warning: 'cdk8s-windows-warnings', info: 'cdk8s-windows-info' });
  });
});
