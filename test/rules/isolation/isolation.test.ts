// Section 6 rules (HostProcess, Hyper-V): the examples of each rule (examples.ts), then the
// version and runtime gating. The agreement of the HostProcess rules with the upstream API server:
// test/conformance/isolation-rules.test.ts.
import { D, DOCKER_EE, EXAMPLES, hostProcessContainer, hostProcessPodSpec, K8S, PROFILE } from './examples';
import { Severity } from '../../../src';
import { CATALOG } from '../../../src/engine/catalog';
import { runRules } from '../../../src/engine/run-rules';
import { ISOLATION_RULES } from '../../../src/rules/isolation';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const DEFAULT = PROFILE;

const findings = ruleFindings(ISOLATION_RULES, DEFAULT);

testExamples(EXAMPLES, ISOLATION_RULES, PROFILE);

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 6 finding', () => {
    expect(runRules([windowsDeployment(), windowsPod(), windowsCronJob()], DEFAULT, ISOLATION_RULES)).toEqual([]);
  });
});

// The five conditions the former host-process-consistency rule covered, one rule each.
describe('host-process-* rules', () => {
  const HOST_PROCESS_RULES = [
    'host-process-flag-mismatch', 'host-process-all-containers', 'host-process-host-network', 'host-process-run-as-non-root', 'host-process-unsupported-target',
  ];
  const hostProcessFindings = (objects: any[], profile = DEFAULT) =>
    runRules(objects, profile, ISOLATION_RULES).filter(f => HOST_PROCESS_RULES.includes(f.rule));
  const valid = windowsDeployment(hostProcessPodSpec(), 'agent');

  test('a valid HostProcess pod passes the whole catalog', () => {
    expect(runRules([valid, windowsCronJob(hostProcessPodSpec({ restartPolicy: 'OnFailure' }), 'agent-job')], DEFAULT, CATALOG)
      .filter(f => f.severity !== Severity.INFO)).toEqual([]);
    // Per-container hostProcess works as well as the pod-level one.
    const perContainer = windowsDeployment(windowsPodSpec({ hostNetwork: true, securityContext: {}, containers: [hostProcessContainer('a'), hostProcessContainer('b')] }));
    expect(hostProcessFindings([perContainer])).toEqual([]);
  });

  test('host-process-unsupported-target: Kubernetes before 1.22 and Docker EE are errors, 1.22 a warning (alpha gate), 1.23 and newer fine', () => {
    const RULE = 'host-process-unsupported-target';
    const at = `${D}.securityContext.windowsOptions.hostProcess`;
    expectFindings(findings([valid], RULE, K8S(21)), RULE, [
      { path: at, severity: Severity.ERROR, names: ['Kubernetes 1.21', 'need Kubernetes 1.22 or newer'] },
    ]);
    expectFindings(findings([valid], RULE, K8S(22)), RULE, [
      { path: at, severity: Severity.WARNING, names: ['Kubernetes 1.22', 'WindowsHostProcessContainers feature gate'] },
    ]);
    expectFindings(findings([valid], RULE, DOCKER_EE(22)), RULE, [
      { path: at, severity: Severity.ERROR, names: ['WindowsHostProcessContainers', 'Docker EE', 'containerd 1.6'] },
    ]);
    expectFindings(findings([valid], RULE, DOCKER_EE(23)), RULE, [
      { path: at, severity: Severity.ERROR, names: ['Docker EE'] },
    ]);
    // Without a pod-level flag the finding sits at the first HostProcess container's.
    const perContainer = windowsDeployment(windowsPodSpec({ hostNetwork: true, securityContext: {}, containers: [hostProcessContainer('a')] }));
    expectFindings(findings([perContainer], RULE, K8S(21)), RULE, [
      { path: `${D}.containers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['container \'a\' is a HostProcess container', 'Kubernetes 1.21'] },
    ]);
    for (const minor of [23, 25, 26, 30]) expect(hostProcessFindings([valid], K8S(minor))).toEqual([]);
  });

  test('passing: pods without HostProcess, and hostProcess: false everywhere', () => {
    const allFalse = windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: false, runAsUserName: 'ContainerUser' } },
      containers: [windowsContainer({ securityContext: { windowsOptions: { hostProcess: false } } })],
    }));
    expect(hostProcessFindings([windowsDeployment(), allFalse], K8S(21))).toEqual([]);
  });
});
