// The examples of the pod rules: pods whose pod-level fields violate each rule, with its findings,
// and pods that pass it. test/rules/pod/pod.test.ts runs them.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../../src';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const DOCKER_EE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE });
export const K8S = (minor: number, windowsServerVersion?: WindowsServerVersion) =>
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor), windowsServerVersion });

export const D = 'spec.template.spec';
export const C = 'spec.jobTemplate.spec.template.spec';

const SYSTEM = 'NT AUTHORITY\\SYSTEM';

/** Every Linux-only field of the pod security context, with a value. */
export const LINUX_POD_SECURITY_FIELDS: Array<[string, unknown]> = [
  ['runAsUser', 1000], ['runAsGroup', 1000], ['supplementalGroups', [1000]], ['supplementalGroupsPolicy', 'Merge'],
  ['fsGroup', 1000], ['fsGroupChangePolicy', 'Always'], ['sysctls', [{ name: 'kernel.shm_rmid_forced', value: '1' }]],
  ['seLinuxOptions', { level: 's0:c123,c456' }], ['seLinuxChangePolicy', 'Recursive'], ['seccompProfile', { type: 'RuntimeDefault' }],
  ['appArmorProfile', { type: 'RuntimeDefault' }],
];

const ltsc2019 = windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.17763' } }));

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'no-host-network',
    violating: [{
      name: 'hostNetwork: true without HostProcess containers is an error before 1.26',
      objects: [windowsDeployment(windowsPodSpec({ hostNetwork: true }))],
      profile: K8S(25),
      findings: [{ path: `${D}.hostNetwork`, severity: Severity.ERROR, names: ['hostNetwork: true', 'WindowsHostNetwork came in 1.26'] }],
    }],
    passing: [{
      name: 'a HostProcess pod (pod-level or container-level) needs hostNetwork: true',
      objects: [
        windowsDeployment(windowsPodSpec({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } } })),
        windowsCronJob(windowsPodSpec({
          restartPolicy: 'OnFailure',
          hostNetwork: true,
          securityContext: {},
          containers: [windowsContainer({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } } })],
        })),
      ],
    }, {
      name: 'hostNetwork: false (what cdk8s-plus emits)',
      objects: [windowsDeployment(windowsPodSpec({ hostNetwork: false }))],
    }],
  },
  {
    rule: 'no-host-namespaces',
    violating: [{
      name: 'hostPID and hostIPC on a CronJob are errors',
      objects: [windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', hostPID: true, hostIPC: true }))],
      findings: [
        { path: `${C}.hostPID`, severity: Severity.ERROR, names: 'hostPID: true' },
        { path: `${C}.hostIPC`, severity: Severity.ERROR, names: 'hostIPC: true' },
      ],
    }],
    passing: [{
      name: 'false',
      objects: [windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', hostPID: false, hostIPC: false }))],
    }],
  },
  {
    rule: 'no-share-process-namespace',
    violating: [{
      name: 'shareProcessNamespace: false on a Pod is an error',
      objects: [windowsPod(windowsPodSpec({ shareProcessNamespace: false }))],
      findings: [{ path: 'spec.shareProcessNamespace', severity: Severity.ERROR, names: 'shareProcessNamespace: false' }],
    }],
    passing: [{ name: 'unset', objects: [windowsPod()] }],
  },
  {
    rule: 'no-host-users',
    violating: [{
      name: 'hostUsers: true is an error from 1.33 (user namespaces on)',
      objects: [windowsDeployment(windowsPodSpec({ hostUsers: true }))],
      profile: K8S(33),
      findings: [{ path: `${D}.hostUsers`, severity: Severity.ERROR, names: 'hostUsers: true' }],
    }, {
      name: 'hostUsers: true is a warning before 1.33 (the field is dropped)',
      objects: [windowsDeployment(windowsPodSpec({ hostUsers: true }))],
      findings: [{ path: `${D}.hostUsers`, severity: Severity.WARNING, names: ['hostUsers: true', 'drops it with the default feature gates'] }],
    }],
    passing: [{ name: 'unset', objects: [windowsDeployment()] }],
  },
  {
    rule: 'no-cluster-first-with-host-net',
    violating: [{
      name: 'dnsPolicy: ClusterFirstWithHostNet is an error',
      objects: [windowsDeployment(windowsPodSpec({ dnsPolicy: 'ClusterFirstWithHostNet' }))],
      findings: [{ path: `${D}.dnsPolicy`, severity: Severity.ERROR, names: 'dnsPolicy: "ClusterFirstWithHostNet"' }],
    }],
    passing: [{ name: 'ClusterFirst', objects: [windowsDeployment(windowsPodSpec({ dnsPolicy: 'ClusterFirst' }))] }],
  },
  {
    rule: 'single-dns-suffix',
    violating: [{
      name: 'resolver options warn; two search domains are an info (whether they are used depends on the network plugin)',
      objects: [windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        dnsConfig: { searches: ['a.svc.cluster.local', 'b.svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] },
      }))],
      findings: [
        { path: `${C}.dnsConfig.searches`, severity: Severity.INFO, names: ['2 dnsConfig.searches: ["a.svc.cluster.local","b.svc.cluster.local"]', 'depends on', 'CNI plugins'] },
        { path: `${C}.dnsConfig.options`, severity: Severity.WARNING, names: ['dnsConfig.options: [{"name":"ndots","value":"2"}]', 'no resolver options'] },
      ],
    }],
    passing: [{
      name: 'one search domain, no options',
      objects: [windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', dnsConfig: { searches: ['a.svc.cluster.local'], options: [] } }))],
    }],
  },
  {
    rule: 'termination-grace-period',
    violating: [{
      name: 'more than 5 seconds warns with Docker EE',
      objects: [windowsDeployment(windowsPodSpec({ terminationGracePeriodSeconds: 60 }))],
      profile: DOCKER_EE,
      findings: [{ path: `${D}.terminationGracePeriodSeconds`, severity: Severity.WARNING, names: 'terminationGracePeriodSeconds: 60' }],
    }],
    passing: [{
      name: '5 seconds or less, or unset, with Docker EE',
      objects: [
        windowsDeployment(windowsPodSpec({ terminationGracePeriodSeconds: 5 })),
        windowsDeployment(windowsPodSpec({ terminationGracePeriodSeconds: 0 })),
        windowsDeployment(),
      ],
      profile: DOCKER_EE,
    }],
  },
  {
    rule: 'no-linux-pod-security-context',
    violating: [{
      name: 'every field set at once gives one finding per field',
      objects: [windowsDeployment(windowsPodSpec({ securityContext: Object.fromEntries(LINUX_POD_SECURITY_FIELDS) }))],
      findings: LINUX_POD_SECURITY_FIELDS.map(([field, value]) => ({
        path: `${D}.securityContext.${field}`, severity: Severity.ERROR, names: `pod sets securityContext.${field}: ${JSON.stringify(value)}`,
      })),
    }],
    passing: [{
      name: 'runAsNonRoot, windowsOptions and an empty sysctls list',
      objects: [windowsDeployment(windowsPodSpec({
        securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' }, sysctls: [] },
      }))],
    }],
  },
  {
    rule: 'no-block-volumes',
    violating: [{
      name: 'volumeDevices on an init container is an error naming the device',
      objects: [windowsDeployment(windowsPodSpec({
        volumes: [{ name: 'raw', persistentVolumeClaim: { claimName: 'raw-disk' } }],
        initContainers: [windowsContainer({ name: 'init', volumeDevices: [{ name: 'raw', devicePath: '/dev/xvda' }] })],
      }))],
      findings: [{ path: `${D}.initContainers[0].volumeDevices[0]`, severity: Severity.ERROR, names: 'init container \'init\' attaches volume \'raw\' as a block device at devicePath: "/dev/xvda"' }],
    }],
    passing: [{
      name: 'the same claim as a filesystem mount',
      objects: [windowsDeployment(windowsPodSpec({
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        containers: [windowsContainer({ volumeMounts: [{ name: 'data', mountPath: 'C:\\data' }] })],
      }))],
    }],
  },
  {
    rule: 'no-pod-level-resources',
    violating: [{
      name: 'spec.resources on a Pod is an error naming the value: not a Pod field before Kubernetes 1.32',
      objects: [windowsPod(windowsPodSpec({ resources: { limits: { memory: '2Gi' } } }))],
      findings: [{ path: 'spec.resources', severity: Severity.ERROR, names: ['resources: {"limits":{"memory":"2Gi"}}', 'not a Pod field before Kubernetes 1.32'] }],
    }, {
      name: 'on 1.33 the alpha gate is off and the API server drops the field',
      objects: [windowsPod(windowsPodSpec({ resources: { limits: { memory: '2Gi' } } }))],
      profile: K8S(33),
      findings: [{ path: 'spec.resources', severity: Severity.ERROR, names: ['alpha and off by default', 'drops the field'] }],
    }, {
      name: 'from 1.34 the API server rejects it for Windows pods',
      objects: [windowsPod(windowsPodSpec({ resources: { limits: { memory: '2Gi' } } }))],
      profile: K8S(34),
      findings: [{ path: 'spec.resources', severity: Severity.ERROR, names: ['the API server rejects it for Windows pods'] }],
    }],
    passing: [{ name: 'container resources only', objects: [windowsPod()] }],
  },
  {
    rule: 'windows-server-version-unlisted',
    violating: [{
      name: 'Windows Server 2019 on Kubernetes 1.35 or newer is an info, by the node selector',
      objects: [ltsc2019],
      profile: K8S(35),
      findings: [{ path: `${D}.nodeSelector[node.kubernetes.io/windows-build]`, severity: Severity.INFO, names: ['10.0.17763', 'Kubernetes 1.35'] }],
    }, {
      name: '... or by the profile',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' } }))],
      profile: K8S(37, WindowsServerVersion.WS2019),
      findings: [{ path: D, severity: Severity.INFO, names: ['Windows Server 2019', 'Kubernetes 1.37'] }],
    }],
    passing: [
      { name: '2019 before 1.35', objects: [ltsc2019], profile: K8S(34) },
      { name: '2022 on 1.37', objects: [windowsDeployment()], profile: K8S(37, WindowsServerVersion.WS2022) },
      { name: '2025 on 1.37', objects: [windowsDeployment()], profile: K8S(37, WindowsServerVersion.WS2025) },
    ],
  },
];
