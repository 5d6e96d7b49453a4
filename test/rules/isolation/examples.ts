// The examples of the HostProcess and Hyper-V rules: pods that violate each rule, with its
// findings, and pods that pass it. test/rules/isolation/isolation.test.ts runs them.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });
export const DOCKER_EE = (minor: number) =>
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor), runtime: ContainerRuntime.DOCKER_EE });
/** Docker EE on 1.20: the last target that honoured the Hyper-V annotation. */
const DOCKER_EE_1_20 = DOCKER_EE(20);

export const D = 'spec.template.spec';
export const C = 'spec.jobTemplate.spec.template.spec';
export const HYPERV_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';
const SYSTEM = 'NT AUTHORITY\\SYSTEM';

/** A valid HostProcess pod: every container HostProcess (from the pod), host network, a host account, no runAsNonRoot. */
export const hostProcessPodSpec = (overrides: any = {}) => windowsPodSpec({
  hostNetwork: true,
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } },
  initContainers: [windowsContainer({ name: 'setup' })],
  containers: [windowsContainer({ name: 'agent' })],
  ...overrides,
});
/** A container that is HostProcess by its own setting. */
export const hostProcessContainer = (name: string) =>
  windowsContainer({ name, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } } });
/** The valid HostProcess Deployment. */
export const validHostProcess = () => windowsDeployment(hostProcessPodSpec(), 'agent');
/** Every container HostProcess by its own flag. */
const perContainer = () => windowsDeployment(windowsPodSpec({ hostNetwork: true, securityContext: {}, containers: [hostProcessContainer('a'), hostProcessContainer('b')] }));

/** `object` with the legacy Hyper-V annotation on its pod template. */
export const annotated = (object: any, value = 'hyperv') => {
  const template = object.kind === 'Pod' ? object : object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
  template.metadata = { ...template.metadata, annotations: { [HYPERV_ANNOTATION]: value } };
  return object;
};
const twoContainers = () => windowsPodSpec({ containers: [windowsContainer({ name: 'a' }), windowsContainer({ name: 'b' })] });
const singleAnnotated = () => annotated(windowsDeployment(windowsPodSpec({ initContainers: [windowsContainer({ name: 'init' })] })));

const hyperVClass = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-hyperv' }, handler: 'runhcs-wcow-hypervisor' };
const processClass = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-process' }, handler: 'runhcs-wcow-process' };
const hostProcessViaAnnotation = () => {
  const object = windowsDeployment(hostProcessPodSpec());
  object.spec.template.metadata.annotations = { [HYPERV_ANNOTATION]: 'hyperv' };
  return object;
};

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'host-process-all-containers',
    violating: [{
      name: 'every container that is not HostProcess is an error at its hostProcess field',
      objects: [windowsDeployment(windowsPodSpec({
        hostNetwork: true,
        securityContext: {},
        // Different ports: with the host network two containers on port 80 would conflict.
        containers: [hostProcessContainer('agent'), windowsContainer({ name: 'plain', ports: [{ containerPort: 8080 }] })],
        initContainers: [windowsContainer({ name: 'init', ports: undefined })],
      }))],
      findings: [
        { path: `${D}.containers[1].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['container \'plain\' is not a HostProcess container', 'container \'agent\' is a HostProcess container'] },
        { path: `${D}.initContainers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['init container \'init\''] },
      ],
    }],
    passing: [{
      name: 'every container HostProcess, from the pod or each container\'s own flag',
      objects: [validHostProcess(), perContainer(), windowsDeployment()],
    }],
  },
  {
    rule: 'host-process-host-network',
    violating: [{
      name: 'hostNetwork missing or false is an error at hostNetwork',
      objects: [windowsDeployment(hostProcessPodSpec({ hostNetwork: undefined })), windowsCronJob(hostProcessPodSpec({ hostNetwork: false, restartPolicy: 'OnFailure' }))],
      findings: [
        { path: `${D}.hostNetwork`, severity: Severity.ERROR, names: ['the pod sets windowsOptions.hostProcess: true', 'does not set hostNetwork'] },
        { path: `${C}.hostNetwork`, severity: Severity.ERROR, names: ['sets hostNetwork: false'] },
      ],
    }],
    passing: [{
      name: 'hostNetwork: true, and pods without HostProcess containers',
      objects: [validHostProcess(), windowsDeployment(windowsPodSpec({ hostNetwork: false }))],
    }],
  },
  {
    rule: 'host-process-flag-mismatch',
    violating: [{
      name: 'pod true, container false: an error at the container field naming both values',
      objects: [windowsDeployment(hostProcessPodSpec({
        initContainers: [windowsContainer({ name: 'setup', securityContext: { windowsOptions: { hostProcess: false } } })],
      }))],
      findings: [{ path: `${D}.initContainers[0].securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['init container \'setup\' sets windowsOptions.hostProcess: false', 'the pod sets windowsOptions.hostProcess: true'] }],
    }, {
      name: 'pod false, container true',
      objects: [windowsPod(windowsPodSpec({
        hostNetwork: true,
        securityContext: { windowsOptions: { hostProcess: false, runAsUserName: SYSTEM } },
        containers: [windowsContainer({ name: 'agent', securityContext: { windowsOptions: { hostProcess: true } } })],
      }))],
      findings: [{ path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', severity: Severity.ERROR, names: ['sets windowsOptions.hostProcess: true', 'the pod sets windowsOptions.hostProcess: false'] }],
    }],
    passing: [{
      name: 'the same value at pod and container level, or only one of them set',
      objects: [validHostProcess(), windowsDeployment(hostProcessPodSpec({ containers: [hostProcessContainer('agent')] }))],
    }],
  },
  {
    rule: 'host-process-run-as-non-root',
    violating: [{
      name: 'runAsNonRoot: true with HostProcess containers is an error, once at the pod field',
      objects: [windowsDeployment(hostProcessPodSpec({
        securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } },
        containers: [windowsContainer({ name: 'agent' }), windowsContainer({ name: 'b', securityContext: { runAsNonRoot: true } })],
      }))],
      findings: [
        { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.ERROR, names: ['the pod sets runAsNonRoot: true'] },
        { path: `${D}.containers[1].securityContext.runAsNonRoot`, severity: Severity.ERROR, names: ['container \'b\' is a HostProcess container but sets runAsNonRoot: true'] },
      ],
    }],
    passing: [{
      name: 'no runAsNonRoot, or runAsNonRoot: false',
      objects: [validHostProcess(), windowsDeployment(hostProcessPodSpec({ containers: [windowsContainer({ name: 'agent', securityContext: { runAsNonRoot: false } })] }))],
    }],
  },
  {
    rule: 'host-process-unsupported-target',
    violating: [{
      name: 'Kubernetes before 1.22 is an error',
      objects: [validHostProcess()],
      profile: K8S(21),
      findings: [{ path: `${D}.securityContext.windowsOptions.hostProcess`, severity: Severity.ERROR, names: ['Kubernetes 1.21', 'need Kubernetes 1.22 or newer'] }],
    }],
    passing: [{
      name: 'Kubernetes 1.23 with containerd',
      objects: [validHostProcess()],
      profile: K8S(23),
    }],
  },
  {
    rule: 'hyperv-single-container',
    violating: [{
      name: 'the annotation with more than one container is an error naming them',
      objects: [annotated(windowsDeployment(twoContainers()))],
      profile: DOCKER_EE_1_20,
      findings: [{ path: `${D}.containers`, severity: Severity.ERROR, names: ['2 containers', '\'a\', \'b\'', HYPERV_ANNOTATION] }],
    }, {
      name: 'on a Pod too, whatever the target',
      objects: [annotated(windowsPod(twoContainers()))],
      findings: [{ path: 'spec.containers', severity: Severity.ERROR, names: ['2 containers'] }],
    }],
    passing: [
      { name: 'one container (init containers do not count) on Docker EE 1.20', objects: [singleAnnotated()], profile: DOCKER_EE_1_20 },
      { name: 'one container on Docker EE 1.14', objects: [singleAnnotated()], profile: DOCKER_EE(14) },
      { name: 'another annotation value', objects: [annotated(windowsDeployment(twoContainers()), 'process')] },
      { name: 'no annotation', objects: [windowsDeployment(twoContainers())], profile: DOCKER_EE_1_20 },
    ],
  },
  {
    rule: 'hyperv-annotation-ignored',
    violating: [{
      name: 'the annotation on Kubernetes 1.21 or newer is an error at the annotation (CronJob)',
      objects: [annotated(windowsCronJob())],
      profile: K8S(21),
      findings: [{ path: `spec.jobTemplate.spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['Kubernetes 1.21', 'removed in 1.21'] }],
    }, {
      name: '... and on a Pod',
      objects: [annotated(windowsPod())],
      findings: [{ path: `metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['Kubernetes 1.27'] }],
    }, {
      name: 'the annotation on Kubernetes 1.20 with containerd is a warning (only dockershim honoured it)',
      objects: [annotated(windowsDeployment())],
      profile: K8S(20),
      findings: [{ path: `spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.WARNING, names: ['containerd'] }],
    }],
    passing: [
      { name: 'Docker EE up to 1.20 honours it', objects: [annotated(windowsDeployment())], profile: DOCKER_EE_1_20 },
      { name: 'Docker EE 1.14 honours it', objects: [annotated(windowsDeployment())], profile: DOCKER_EE(14) },
      { name: 'other values and no annotation', objects: [annotated(windowsDeployment(), 'process'), windowsDeployment()] },
    ],
  },
  {
    rule: 'host-process-hyperv',
    violating: [{
      name: 'a HostProcess pod with a Hyper-V RuntimeClass is an error',
      objects: [windowsDeployment(hostProcessPodSpec({ runtimeClassName: 'windows-hyperv' })), hyperVClass],
      findings: [{ path: `${D}.runtimeClassName`, severity: Severity.ERROR, names: ['the pod sets windowsOptions.hostProcess: true', 'RuntimeClass "windows-hyperv"', 'Hyper-V isolated'] }],
    }, {
      name: 'a HostProcess pod with the legacy annotation is an error',
      objects: [hostProcessViaAnnotation()],
      findings: [{ path: `spec.template.metadata.annotations[${HYPERV_ANNOTATION}]`, severity: Severity.ERROR, names: ['legacy annotation'] }],
    }],
    passing: [{
      name: 'a HostProcess pod with a process RuntimeClass, and a Hyper-V pod without HostProcess',
      objects: [
        windowsDeployment(hostProcessPodSpec({ runtimeClassName: 'windows-process' })),
        windowsDeployment(windowsPodSpec({ runtimeClassName: 'windows-hyperv' })),
        hyperVClass, processClass,
      ],
    }],
  },
  {
    rule: 'host-process-container-account',
    violating: [{
      name: 'a HostProcess pod run as ContainerUser is an error at the pod field',
      objects: [windowsDeployment(hostProcessPodSpec({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'ContainerUser' } } }))],
      findings: [{ path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['the pod sets runAsUserName: "ContainerUser"', 'exists only inside a container'] }],
    }, {
      name: 'a HostProcess container run as ContainerAdministrator (any case) is an error at its field',
      objects: [windowsDeployment(hostProcessPodSpec({
        containers: [windowsContainer({ name: 'agent', securityContext: { windowsOptions: { runAsUserName: 'containeradministrator' } } })],
      }))],
      findings: [{ path: `${D}.containers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['container \'agent\' sets runAsUserName: "containeradministrator"'] }],
    }],
    passing: [{
      name: 'host accounts and local groups, and container accounts outside HostProcess pods',
      objects: [
        ...['NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\LOCAL SERVICE', 'NT AUTHORITY\\NETWORK SERVICE', 'hpc-agents']
          .map((runAsUserName, i) => windowsDeployment(hostProcessPodSpec({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName } } }), `a${i}`)),
        windowsDeployment(),
      ],
    }],
  },
];
