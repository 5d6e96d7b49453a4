// Section 6 rules (HostProcess, Hyper-V): one violating and one passing case per rule, and the
// version and runtime gating. The agreement of the HostProcess rules with the upstream API server:
// test/conformance/isolation-rules.test.ts.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { CATALOG } from '../../../src/engine/catalog';
import { runRules } from '../../../src/engine/run-rules';
import { ISOLATION_RULES } from '../../../src/rules/isolation';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings } from '../../support/rules';

const DEFAULT = TargetProfile.of();
const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });
const DOCKER_EE = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor), runtime: ContainerRuntime.DOCKER_EE });

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';
const HYPERV_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';

const findings = ruleFindings(ISOLATION_RULES, DEFAULT);

/** A valid HostProcess pod: every container HostProcess (from the pod), host network, a host account, no runAsNonRoot. */
const hostProcessPodSpec = (overrides: any = {}) => windowsPodSpec({
  hostNetwork: true,
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
  initContainers: [windowsContainer({ name: 'setup' })],
  containers: [windowsContainer({ name: 'agent' })],
  ...overrides,
});
/** A container that is HostProcess by its own setting. */
const hostProcessContainer = (name: string) => windowsContainer({ name, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } });

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

  describe('host-process-all-containers: mixed HostProcess and other containers', () => {
    const RULE = 'host-process-all-containers';

    test('passing: every container HostProcess, from the pod or each container\'s own flag', () => {
      const perContainer = windowsDeployment(windowsPodSpec({ hostNetwork: true, securityContext: {}, containers: [hostProcessContainer('a'), hostProcessContainer('b')] }));
      expect(findings([valid, perContainer, windowsDeployment()], RULE)).toEqual([]);
    });
    const violating = windowsDeployment(windowsPodSpec({
      hostNetwork: true,
      securityContext: {},
      // Different ports: with the host network two containers on port 80 would conflict.
      containers: [hostProcessContainer('agent'), windowsContainer({ name: 'plain', ports: [{ containerPort: 8080 }] })],
      initContainers: [windowsContainer({ name: 'init', ports: undefined })],
    }));

    test('every container that is not HostProcess is an error at its hostProcess field', () => {
      expectFindings(findings([violating], RULE), RULE, [
        { path: `${D}.containers[1].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['container \'plain\' is not a HostProcess container', 'container \'agent\' is a HostProcess container'] },
        { path: `${D}.initContainers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['init container \'init\''] },
      ]);
    });
  });

  describe('host-process-host-network: hostNetwork missing or false', () => {
    const RULE = 'host-process-host-network';

    test('passing: hostNetwork: true, and pods without HostProcess containers', () => {
      expect(findings([valid, windowsDeployment(windowsPodSpec({ hostNetwork: false }))], RULE)).toEqual([]);
    });
    const missing = windowsDeployment(hostProcessPodSpec({ hostNetwork: undefined }));
    const off = windowsCronJob(hostProcessPodSpec({ hostNetwork: false, restartPolicy: 'OnFailure' }));

    test('is an error at hostNetwork', () => {
      expectFindings(findings([missing, off], RULE), RULE, [
        { path: `${D}.hostNetwork`, severity: Severity.ERROR, names: ['the pod sets windowsOptions.hostProcess: true', 'does not set hostNetwork'] },
        { path: `${C}.hostNetwork`, severity: Severity.ERROR, names: ['sets hostNetwork: false'] },
      ]);
    });
  });

  describe('host-process-flag-mismatch: pod and container hostProcess both set and different', () => {
    const RULE = 'host-process-flag-mismatch';

    test('passing: the same value at pod and container level, or only one of them set', () => {
      const same = windowsDeployment(hostProcessPodSpec({ containers: [hostProcessContainer('agent')] }));
      expect(findings([valid, same], RULE)).toEqual([]);
    });
    const podTrue = windowsDeployment(hostProcessPodSpec({
      initContainers: [windowsContainer({ name: 'setup', securityContext: { windowsOptions: { hostProcess: false } } })],
    }));
    const podFalse = windowsPod(windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: false, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
      containers: [windowsContainer({ name: 'agent', securityContext: { windowsOptions: { hostProcess: true } } })],
    }));

    test('is an error at the container field naming both values', () => {
      expectFindings(findings([podTrue], RULE), RULE, [
        { path: `${D}.initContainers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['init container \'setup\' sets windowsOptions.hostProcess: false', 'the pod sets windowsOptions.hostProcess: true'] },
      ]);
      expectFindings(findings([podFalse], RULE), RULE, [
        { path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', severity: Severity.ERROR, names: ['sets windowsOptions.hostProcess: true', 'the pod sets windowsOptions.hostProcess: false'] },
      ]);
    });
  });

  test('host-process-run-as-non-root: runAsNonRoot: true with HostProcess containers is an error, once at the pod field', () => {
    const RULE = 'host-process-run-as-non-root';
    // Passing: no runAsNonRoot, or runAsNonRoot: false.
    expect(findings([valid, windowsDeployment(hostProcessPodSpec({ containers: [windowsContainer({ name: 'agent', securityContext: { runAsNonRoot: false } })] }))], RULE)).toEqual([]);
    const violating = windowsDeployment(hostProcessPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
      containers: [windowsContainer({ name: 'agent' }), windowsContainer({ name: 'b', securityContext: { runAsNonRoot: true } })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.ERROR, names: ['the pod sets runAsNonRoot: true'] },
      { path: `${D}.containers[1].securityContext.runAsNonRoot`, severity: Severity.ERROR, names: ['container \'b\' is a HostProcess container but sets runAsNonRoot: true'] },
    ]);
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

describe('hyperv-single-container', () => {
  const RULE = 'hyperv-single-container';
  const SEED = DOCKER_EE(20);
  const annotated = (object: any, value = 'hyperv') => {
    const template = object.kind === 'Pod' ? object : object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
    template.metadata = { ...template.metadata, annotations: { [HYPERV_ANNOTATION]: value } };
    return object;
  };
  const twoContainers = windowsPodSpec({ containers: [windowsContainer({ name: 'a' }), windowsContainer({ name: 'b' })] });

  test('the annotation with more than one container is an error naming them', () => {
    const violating = annotated(windowsDeployment(twoContainers));
    expectFindings(findings([violating], RULE, SEED), RULE, [
      { path: `${D}.containers`, severity: Severity.ERROR, names: ['2 containers', '\'a\', \'b\'', HYPERV_ANNOTATION] },
    ]);
  });

  test('on a Pod too, whatever the target', () => {
    expectFindings(findings([annotated(windowsPod(twoContainers))], RULE), RULE, [
      { path: 'spec.containers', severity: Severity.ERROR, names: ['2 containers'] },
    ]);
  });

  test('passing: one container (init containers do not count) on Docker EE up to 1.20; other values; no annotation', () => {
    const single = annotated(windowsDeployment(windowsPodSpec({ initContainers: [windowsContainer({ name: 'init' })] })));
    expect(findings([single], RULE, SEED)).toEqual([]);
    expect(findings([single], RULE, DOCKER_EE(14))).toEqual([]);
    expect(findings([annotated(windowsDeployment(twoContainers), 'process')], RULE)).toEqual([]);
    expect(findings([windowsDeployment(twoContainers)], RULE, SEED)).toEqual([]);
  });
});

describe('hyperv-annotation-ignored', () => {
  const RULE = 'hyperv-annotation-ignored';
  const SEED = DOCKER_EE(20);
  const annotated = (object: any, value = 'hyperv') => {
    const template = object.kind === 'Pod' ? object : object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
    template.metadata = { ...template.metadata, annotations: { [HYPERV_ANNOTATION]: value } };
    return object;
  };

  test('the annotation on Kubernetes 1.21 or newer is an error at the annotation (CronJob, Pod)', () => {
    const cronJob = annotated(windowsCronJob());
    expectFindings(findings([cronJob], RULE, K8S(21)), RULE, [
      { path: `spec.jobTemplate.spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['Kubernetes 1.21', 'removed in 1.21'] },
    ]);
    expectFindings(findings([annotated(windowsPod())], RULE), RULE, [
      { path: `metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['Kubernetes 1.27'] },
    ]);
  });

  test('the annotation on a seed-era target with containerd is a warning (only dockershim honoured it)', () => {
    expectFindings(findings([annotated(windowsDeployment())], RULE, K8S(20)), RULE, [
      { path: `spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.WARNING, names: ['containerd'] },
    ]);
  });

  test('passing: Docker EE up to 1.20 honours it; other values and no annotation', () => {
    expect(findings([annotated(windowsDeployment())], RULE, SEED)).toEqual([]);
    expect(findings([annotated(windowsDeployment())], RULE, DOCKER_EE(14))).toEqual([]);
    expect(findings([annotated(windowsDeployment(), 'process'), windowsDeployment()], RULE)).toEqual([]);
  });
});

describe('host-process-hyperv', () => {
  const RULE = 'host-process-hyperv';
  const hyperV = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-hyperv' }, handler: 'runhcs-wcow-hypervisor' };
  const processClass = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-process' }, handler: 'runhcs-wcow-process' };

  test('a HostProcess pod with a Hyper-V RuntimeClass, or the legacy annotation, is an error', () => {
    const viaRuntimeClass = windowsDeployment(hostProcessPodSpec({ runtimeClassName: 'windows-hyperv' }));
    expectFindings(findings([viaRuntimeClass, hyperV], RULE), RULE, [
      { path: `${D}.runtimeClassName`, severity: Severity.ERROR, names: ['the pod sets windowsOptions.hostProcess: true', 'RuntimeClass "windows-hyperv"', 'Hyper-V isolated'] },
    ]);
    const viaAnnotation = windowsDeployment(hostProcessPodSpec());
    viaAnnotation.spec.template.metadata.annotations = { [HYPERV_ANNOTATION]: 'hyperv' };
    expectFindings(findings([viaAnnotation], RULE), RULE, [
      { path: `spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['legacy annotation'] },
    ]);
  });

  test('passing: a HostProcess pod with a process RuntimeClass, and a Hyper-V pod without HostProcess', () => {
    const hostProcess = windowsDeployment(hostProcessPodSpec({ runtimeClassName: 'windows-process' }));
    const isolated = windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-hyperv' }));
    expect(findings([hostProcess, isolated, hyperV, processClass], RULE)).toEqual([]);
  });
});

describe('host-process-container-account', () => {
  const RULE = 'host-process-container-account';

  test('a HostProcess container run as ContainerUser or ContainerAdministrator is an error, once per field', () => {
    const podLevel = windowsDeployment(hostProcessPodSpec({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'ContainerUser' } } }));
    expectFindings(findings([podLevel], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['the pod sets runAsUserName: "ContainerUser"', 'exists only inside a container'] },
    ]);
    const containerLevel = windowsDeployment(hostProcessPodSpec({
      containers: [windowsContainer({ name: 'agent', securityContext: { windowsOptions: { runAsUserName: 'containeradministrator' } } })],
    }));
    expectFindings(findings([containerLevel], RULE), RULE, [
      { path: `${D}.containers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['container \'agent\' sets runAsUserName: "containeradministrator"'] },
    ]);
  });

  test('passing: host accounts and local groups, and container accounts outside HostProcess pods', () => {
    const accounts = ['NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\LOCAL SERVICE', 'NT AUTHORITY\\NETWORK SERVICE', 'hpc-agents'];
    const hostProcess = accounts.map((runAsUserName, i) => windowsDeployment(hostProcessPodSpec({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName } } }), `a${i}`));
    expect(findings([...hostProcess, windowsDeployment()], RULE)).toEqual([]);
  });
});
