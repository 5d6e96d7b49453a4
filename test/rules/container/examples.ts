// The examples of the container rules (containers, init and ephemeral containers): pods whose
// containers violate each rule, with its findings, and pods that pass it.
// test/rules/container/container.test.ts runs them.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const DOCKER_EE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE });
export const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

export const D = 'spec.template.spec';
export const C = 'spec.jobTemplate.spec.template.spec';

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';

/** A pod spec with these containers. */
export const withContainers = (containers: any[], extra: any = {}) => windowsPodSpec({ containers, ...extra });
/** A Deployment with one container of this memory request and limit. */
export const withMemory = (request: unknown, limit: unknown) => windowsDeployment(withContainers([
  windowsContainer({ resources: { limits: { memory: limit }, requests: { memory: request } } }),
]));
/** A Deployment whose init container mounts an emptyDir with this propagation. */
const withPropagation = (mountPropagation: string) => windowsDeployment(windowsPodSpec({
  volumes: [{ name: 'data', emptyDir: {} }],
  initContainers: [windowsContainer({ name: 'init', volumeMounts: [{ name: 'data', mountPath: 'C:\\data', mountPropagation }] })],
}));
export const secretVolume = { name: 'creds', secret: { secretName: 'creds' } };
/** A Deployment mounting `volume` with the mount fields `mount`. */
export const withSubPath = (volume: any, mount: any, extra: any = {}) => windowsDeployment(windowsPodSpec({
  volumes: [volume],
  containers: [windowsContainer({ volumeMounts: [{ name: volume.name, mountPath: 'C:\\mnt', ...mount }] })],
  ...extra,
}));
const emptyDirSubPath = withSubPath({ name: 'data', emptyDir: {} }, { subPath: 'logs' });
/** A Deployment whose container sets this stop signal. */
const withSignal = (stopSignal: string) => windowsDeployment(withContainers([windowsContainer({ lifecycle: { stopSignal } })]));

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'no-privileged',
    violating: [{
      name: 'privileged: false on an init container is an error',
      objects: [windowsDeployment(windowsPodSpec({ initContainers: [windowsContainer({ name: 'init', securityContext: { privileged: false } })] }))],
      findings: [{ path: `${D}.initContainers[0].securityContext.privileged`, severity: Severity.ERROR, names: 'privileged: false' }],
    }],
    passing: [{ name: 'privileged unset (the baseline)', objects: [windowsDeployment()] }],
  },
  {
    rule: 'no-linux-security-context',
    violating: [{
      name: 'readOnlyRootFilesystem on a CronJob container is an error naming the value',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' }, readOnlyRootFilesystem: true } })],
      }))],
      findings: [{ path: `${C}.containers[0].securityContext.readOnlyRootFilesystem`, severity: Severity.ERROR, names: 'readOnlyRootFilesystem: true' }],
    }],
    passing: [{
      name: 'only windowsOptions and runAsNonRoot',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        containers: [windowsContainer({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
      }))],
    }],
  },
  {
    rule: 'run-as-non-root-needs-username',
    violating: [{
      name: 'pod runAsNonRoot without runAsUserName warns for every container, at the pod field',
      objects: [windowsDeployment(windowsPodSpec({ securityContext: { runAsNonRoot: true }, initContainers: [windowsContainer({ name: 'init' })] }))],
      findings: [
        { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'container \'app\' runs with runAsNonRoot: true (from the pod securityContext)' },
        { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'init container \'init\'' },
      ],
    }, {
      name: 'a container-level runAsNonRoot is reported at the container',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        securityContext: {},
        containers: [windowsContainer({ securityContext: { runAsNonRoot: true } })],
      }))],
      findings: [{ path: `${C}.containers[0].securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'runAsNonRoot: true' }],
    }],
    passing: [{
      name: 'runAsUserName from the pod or the container, or runAsNonRoot overridden to false',
      objects: [
        windowsDeployment(),
        windowsDeployment(windowsPodSpec({
          securityContext: { runAsNonRoot: true },
          containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })],
        })),
        windowsDeployment(windowsPodSpec({
          securityContext: { runAsNonRoot: true },
          containers: [windowsContainer({ securityContext: { runAsNonRoot: false } })],
        })),
      ],
    }, {
      name: 'HostProcess containers are exempt (they run as a host account)',
      objects: [windowsDeployment(windowsPodSpec({
        hostNetwork: true,
        securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } },
      }))],
    }],
  },
  {
    rule: 'run-as-non-root-conflict',
    violating: [{
      name: 'ContainerAdministrator (any case) with runAsNonRoot is an error at the effective runAsUserName',
      objects: [windowsDeployment(windowsPodSpec({
        securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'containeradministrator' } },
        initContainers: [windowsContainer({ name: 'init', securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })],
        containers: [
          windowsContainer(),
          windowsContainer({ name: 'sidecar', securityContext: { windowsOptions: { runAsUserName: 'CONTAINERADMINISTRATOR' } } }),
        ],
      }))],
      findings: [
        { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'container \'app\' runs as windowsOptions.runAsUserName: "containeradministrator" (from the pod securityContext)' },
        { path: `${D}.containers[1].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: '"CONTAINERADMINISTRATOR"' },
      ],
    }],
    passing: [{
      name: 'ContainerAdministrator without runAsNonRoot, and ContainerUser with it',
      objects: [windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } })), windowsDeployment()],
    }],
  },
  {
    rule: 'invalid-run-as-user-name',
    violating: [{
      name: 'each failed upstream check is a finding whose message names the value and the check',
      objects: [windowsDeployment(windowsPodSpec({
        securityContext: { windowsOptions: { runAsUserName: 'a\\b\\c' } },
        initContainers: [windowsContainer({ name: 'init', securityContext: { windowsOptions: { runAsUserName: '.bad\\' } } })],
      }))],
      findings: [
        { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'pod sets securityContext.windowsOptions.runAsUserName: "a\\\\b\\\\c" (runAsUserName cannot contain more than one backslash)' },
        { path: `${D}.initContainers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'init container \'init\' sets securityContext.windowsOptions.runAsUserName: ".bad\\\\" (runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format)' },
        { path: `${D}.initContainers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: '(runAsUserName\'s User cannot be empty)' },
      ],
    }],
    passing: [{
      name: 'the baseline and a domain account',
      objects: [
        windowsDeployment(),
        windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'contoso.com\\svc-web' } } })] })),
      ],
    }],
  },
  {
    rule: 'invalid-gmsa',
    violating: [{
      name: 'a bad name and an empty spec are errors naming the value',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        securityContext: { windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'Bad_Name' } },
        containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpec: '' } } })],
      }))],
      findings: [
        { path: `${C}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.ERROR, names: 'pod sets securityContext.windowsOptions.gmsaCredentialSpecName: "Bad_Name" (a lowercase RFC 1123 subdomain' },
        { path: `${C}.containers[0].securityContext.windowsOptions.gmsaCredentialSpec`, severity: Severity.ERROR, names: 'container \'app\' sets securityContext.windowsOptions.gmsaCredentialSpec: "" (gmsaCredentialSpec cannot be an empty string)' },
      ],
    }],
    passing: [{
      name: 'a valid name at pod and container level',
      objects: [windowsDeployment(windowsPodSpec({
        securityContext: { windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'webapp1' } },
        containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'web.app-2' } } })],
      }))],
    }],
  },
  {
    rule: 'no-hugepages',
    violating: [{
      name: 'hugepages requests and limits on an init container are errors',
      objects: [windowsDeployment(windowsPodSpec({
        initContainers: [windowsContainer({
          name: 'init',
          resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' }, requests: { 'memory': '1Gi', 'hugepages-1Gi': '1Gi' } },
        })],
      }))],
      findings: [
        { path: `${D}.initContainers[0].resources.requests[hugepages-1Gi]`, severity: Severity.ERROR, names: 'resources.requests.hugepages-1Gi: "1Gi"' },
        { path: `${D}.initContainers[0].resources.limits[hugepages-2Mi]`, severity: Severity.ERROR, names: 'resources.limits.hugepages-2Mi: "64Mi"' },
      ],
    }, {
      name: 'a value cdk8s lost (a JSON patch with a plain string for a typed quantity renders as undefined) is a warning that says so',
      objects: [windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': undefined } } })] }))],
      findings: [{ path: `${D}.containers[0].resources.limits[hugepages-2Mi]`, severity: Severity.WARNING, names: ['value was lost by cdk8s', 'leaves the resource out'] }],
    }],
    passing: [{ name: 'memory and cpu only', objects: [windowsDeployment()] }],
  },
  {
    rule: 'memory-limit-required',
    violating: [{
      name: 'a CronJob container and an init container without a memory limit warn',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        containers: [windowsContainer({ resources: { limits: { cpu: '1' } } })],
        initContainers: [windowsContainer({ name: 'init', resources: undefined })],
      }))],
      findings: [
        { path: `${C}.containers[0].resources.limits.memory`, severity: Severity.WARNING, names: 'container \'app\' sets no memory limit' },
        { path: `${C}.initContainers[0].resources.limits.memory`, severity: Severity.WARNING, names: 'init container \'init\' sets no memory limit' },
      ],
    }],
    passing: [{
      name: 'a memory limit; ephemeral containers (which cannot set resources) are exempt',
      objects: [windowsDeployment(), windowsPod(windowsPodSpec({ ephemeralContainers: [{ name: 'debug', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] }))],
    }],
  },
  {
    rule: 'memory-request-equals-limit',
    violating: [{
      name: 'a request below the limit warns, naming both',
      objects: [withMemory('512Mi', '2Gi')],
      findings: [{ path: `${D}.containers[0].resources.requests.memory`, severity: Severity.WARNING, names: 'requests memory 512Mi, below its limit 2Gi' }],
    }],
    passing: [{
      name: 'no request, or no limit (memory-limit-required covers that)',
      objects: [
        windowsDeployment(withContainers([windowsContainer({ resources: { limits: { memory: '1Gi' } } })])),
        windowsDeployment(withContainers([windowsContainer({ resources: { requests: { memory: '1Gi' } } })])),
      ],
    }],
  },
  {
    rule: 'termination-message-path',
    violating: [{
      name: 'a custom path warns, naming it',
      objects: [windowsPod(windowsPodSpec({ containers: [windowsContainer({ terminationMessagePath: 'C:\\termination.log' })] }))],
      findings: [{ path: 'spec.containers[0].terminationMessagePath', severity: Severity.WARNING, names: 'terminationMessagePath: "C:\\\\termination.log"' }],
    }],
    passing: [{
      name: 'the default path, set explicitly or not',
      objects: [windowsPod(windowsPodSpec({ containers: [windowsContainer({ terminationMessagePath: '/dev/termination-log' })] })), windowsPod()],
    }],
  },
  {
    rule: 'no-mount-propagation',
    violating: [{
      name: 'HostToContainer is an error naming the mode',
      objects: [withPropagation('HostToContainer')],
      findings: [{ path: `${D}.initContainers[0].volumeMounts[0].mountPropagation`, severity: Severity.ERROR, names: 'mountPropagation: "HostToContainer"' }],
    }],
    passing: [{ name: 'None (private mounts are what Windows does), or unset', objects: [withPropagation('None'), windowsDeployment()] }],
  },
  {
    rule: 'subpath-mount',
    violating: [{
      name: 'subPath into an emptyDir: error with Docker EE',
      objects: [emptyDirSubPath],
      profile: DOCKER_EE,
      findings: [{ path: `${D}.containers[0].volumeMounts[0].subPath`, severity: Severity.ERROR, names: 'volume \'data\' (emptyDir) with subPath: "logs"' }],
    }, {
      name: 'subPath into an emptyDir: warning with containerd',
      objects: [emptyDirSubPath],
      findings: [{ path: `${D}.containers[0].volumeMounts[0].subPath`, severity: Severity.WARNING, names: 'subPath: "logs"' }],
    }],
    passing: [{
      name: 'whole-volume mounts, an empty subPath, and HostProcess containers (Docker EE)',
      objects: [
        withSubPath(secretVolume, {}),
        withSubPath(secretVolume, { subPath: '' }),
        windowsDeployment(windowsPodSpec({
          hostNetwork: true,
          securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
          volumes: [{ name: 'data', emptyDir: {} }],
          containers: [windowsContainer({ volumeMounts: [{ name: 'data', mountPath: 'C:\\mnt', subPath: 'logs' }] })],
        })),
      ],
      profile: DOCKER_EE,
    }],
  },
  {
    rule: 'stop-signal',
    violating: [{
      name: 'a signal other than SIGTERM or SIGKILL is an error from 1.33',
      objects: [withSignal('SIGINT')],
      profile: K8S(33),
      findings: [{ path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.ERROR, names: ['container \'app\' sets lifecycle.stopSignal: "SIGINT"', 'only SIGTERM and SIGKILL'] }],
    }, {
      name: 'any stopSignal is an error before 1.33 (not a field yet)',
      objects: [withSignal('SIGTERM')],
      findings: [{ path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.ERROR, names: ['Kubernetes 1.27', 'exists from 1.33'] }],
    }, {
      name: 'SIGTERM or SIGKILL from 1.33 is an info: the alpha gate is off by default and the field is dropped',
      objects: [withSignal('SIGKILL')],
      profile: K8S(37),
      findings: [{ path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.INFO, names: ['ContainerStopSignals is alpha and off by default'] }],
    }],
    passing: [{
      name: 'lifecycle hooks without a stop signal',
      objects: [
        windowsDeployment(withContainers([windowsContainer({ lifecycle: { preStop: { exec: { command: ['powershell', '-c', 'Stop-Service w3svc'] } } } })])),
        windowsDeployment(),
      ],
      profile: K8S(37),
    }],
  },
  {
    rule: 'image-needs-administrator',
    violating: [{
      name: 'an IIS or ASP.NET image run as a non-administrator is a warning (ServiceMonitor crash-loops)',
      objects: [windowsDeployment(withContainers([windowsContainer({ image: IIS })]))],
      findings: [{ path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.WARNING, names: [IIS, '"ContainerUser" (the pod\'s runAsUserName)', 'crash-loops'] }],
    }, {
      name: 'ContainerAdministrator set explicitly is an info saying why',
      objects: [windowsDeployment(windowsPodSpec({
        securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
        containers: [windowsContainer({ image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8' })],
      }))],
      findings: [{ path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.INFO, names: ['as ContainerAdministrator', 'which its ServiceMonitor needs'] }],
    }],
    passing: [{
      name: 'other images as ContainerUser, and IIS with no user set (its default user is ContainerAdministrator)',
      objects: [windowsDeployment(), windowsDeployment(windowsPodSpec({ securityContext: {}, containers: [windowsContainer({ image: IIS })] }))],
    }],
  },
];

/** The Linux-only container securityContext fields, each with a value a Linux manifest would set. */
export const LINUX_ONLY_FIELDS: Array<[string, unknown]> = [
  ['allowPrivilegeEscalation', false], ['capabilities', { drop: ['ALL'] }], ['procMount', 'Default'],
  ['readOnlyRootFilesystem', true], ['runAsUser', 1000], ['runAsGroup', 1000], ['seLinuxOptions', { level: 's0' }],
  ['seccompProfile', { type: 'RuntimeDefault' }], ['appArmorProfile', { type: 'RuntimeDefault' }],
];

/** A Windows CronJob whose container sets one Linux-only field. */
export const linuxOnlyFieldCronJob = (field: string, value: unknown) => windowsCronJob(windowsPodSpec({
  restartPolicy: 'OnFailure',
  containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' }, [field]: value } })],
}), `c-${field.toLowerCase()}`);
