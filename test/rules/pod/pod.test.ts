// Section 2 rules (pod-level fields): the examples of each rule (examples.ts), then the gated
// severities and each Linux-only field alone. The API server's verdict where a rule mirrors it:
// test/conformance/pod-rules.test.ts.
import { D, DOCKER_EE, EXAMPLES, K8S, LINUX_POD_SECURITY_FIELDS, PROFILE } from './examples';
import { Severity } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { POD_RULES } from '../../../src/rules/pod';
import { windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const CONTAINERD = PROFILE;

const findings = ruleFindings(POD_RULES, CONTAINERD);

testExamples(EXAMPLES, POD_RULES, PROFILE);

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 2 finding', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    expect(runRules(objects, CONTAINERD, POD_RULES)).toEqual([]);
    expect(runRules(objects, DOCKER_EE, POD_RULES)).toEqual([]);
  });
});

describe('no-host-network', () => {
  const RULE = 'no-host-network';

  test('hostNetwork: true without HostProcess containers: an error before 1.26 and from 1.33, a warning in 1.26 to 1.32 (alpha WindowsHostNetwork, on by default)', () => {
    const violating = windowsDeployment(windowsPodSpec({ hostNetwork: true }));
    expectFindings(findings([violating], RULE, K8S(25)), RULE, [
      { path: `${D}.hostNetwork`, severity: Severity.ERROR, names: ['hostNetwork: true', 'WindowsHostNetwork came in 1.26'] },
    ]);
    for (const minor of [26, 27, 32]) {
      expectFindings(findings([violating], RULE, K8S(minor)), RULE, [
        { path: `${D}.hostNetwork`, severity: Severity.WARNING, names: ['hostNetwork: true', `Kubernetes 1.${minor}`, 'alpha WindowsHostNetwork'] },
      ]);
    }
    expectFindings(findings([violating], RULE, K8S(33)), RULE, [
      { path: `${D}.hostNetwork`, severity: Severity.ERROR, names: ['hostNetwork: true', 'deprecated in 1.33'] },
    ]);
  });

  test('each finding tells the history of its own target once', () => {
    const violating = windowsDeployment(windowsPodSpec({ hostNetwork: true }));
    for (const minor of [25, 27, 33]) {
      const [finding] = findings([violating], RULE, K8S(minor));
      expect(finding.message.match(/WindowsHostNetwork/g)).toHaveLength(1);
      expect(finding.message.match(/own network compartment/g)).toHaveLength(1);
    }
  });
});

describe('single-dns-suffix', () => {
  const RULE = 'single-dns-suffix';

  test('each finding gives its own reason', () => {
    const violating = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      dnsConfig: { searches: ['a.svc.cluster.local', 'b.svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] },
    }));
    const [searches, options] = findings([violating], RULE);
    expect(searches.message).not.toContain('ndots');
    expect(options.message).not.toContain('CNI');
  });
});

describe('termination-grace-period', () => {
  const RULE = 'termination-grace-period';
  const violating = windowsDeployment(windowsPodSpec({ terminationGracePeriodSeconds: 60 }));

  test('gated: containerd honours the grace period', () => {
    expect(findings([violating], RULE, CONTAINERD)).toEqual([]);
  });
});

describe('no-linux-pod-security-context', () => {
  const RULE = 'no-linux-pod-security-context';
  const objectFor = (field: string, value: unknown) => windowsDeployment(windowsPodSpec({
    securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' }, [field]: value },
  }), `d-${field.toLowerCase()}`);

  test.each(LINUX_POD_SECURITY_FIELDS)('%s alone is one error', (field, value) => {
    expectFindings(findings([objectFor(field, value)], RULE), RULE, [
      { path: `${D}.securityContext.${field}`, severity: Severity.ERROR, names: JSON.stringify(value) },
    ]);
  });
});
