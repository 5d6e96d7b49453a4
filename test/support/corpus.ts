// A corpus of Windows-targeted manifests: the clean fixtures bent one way each, the way users
// (or cdk8s-plus defaults) get Windows pods wrong. Used to compare the engine with the API server.
import { service, windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec, windowsStatefulSet } from './fixtures';

type Mutation = [name: string, podSpec: any];

const withContainerSecurity = (securityContext: any) => windowsPodSpec({ containers: [windowsContainer({ securityContext })] });
const withPodSecurity = (extra: any) => windowsPodSpec({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' }, ...extra } });
const withUser = (runAsUserName: string) => windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName } } });
const withVolume = (volume: any, mount: any = {}) => windowsPodSpec({
  volumes: [{ name: 'v', ...volume }],
  containers: [windowsContainer({ volumeMounts: [{ name: 'v', mountPath: 'C:\\v', ...mount }] })],
});
const hostProcessContainer = (extra: any = {}) => windowsContainer({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } }, ...extra });

const MUTATIONS: Mutation[] = [
  ['clean', windowsPodSpec()],
  ['pod runAsUser', withPodSecurity({ runAsUser: 1000 })],
  ['pod runAsGroup', withPodSecurity({ runAsGroup: 1000 })],
  ['pod supplementalGroups', withPodSecurity({ supplementalGroups: [1000] })],
  ['pod fsGroup', withPodSecurity({ fsGroup: 1000 })],
  ['pod fsGroupChangePolicy', withPodSecurity({ fsGroupChangePolicy: 'Always' })],
  ['pod sysctls', withPodSecurity({ sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] })],
  ['pod seLinuxOptions', withPodSecurity({ seLinuxOptions: { level: 's0:c123,c456' } })],
  ['pod seccompProfile', withPodSecurity({ seccompProfile: { type: 'RuntimeDefault' } })],
  ['hostPID', windowsPodSpec({ hostPID: true })],
  ['hostIPC', windowsPodSpec({ hostIPC: true })],
  ['shareProcessNamespace false', windowsPodSpec({ shareProcessNamespace: false })],
  ['hostNetwork', windowsPodSpec({ hostNetwork: true })],
  ['ClusterFirstWithHostNet', windowsPodSpec({ dnsPolicy: 'ClusterFirstWithHostNet' })],
  ['dns options', windowsPodSpec({ dnsConfig: { searches: ['a.svc', 'b.svc'], options: [{ name: 'ndots', value: '2' }] } })],
  ['container privileged false', withContainerSecurity({ privileged: false })],
  ['container privileged true', withContainerSecurity({ privileged: true })],
  ['container readOnlyRootFilesystem', withContainerSecurity({ readOnlyRootFilesystem: true })],
  ['container allowPrivilegeEscalation', withContainerSecurity({ allowPrivilegeEscalation: false })],
  ['container capabilities', withContainerSecurity({ capabilities: { add: ['NET_ADMIN'] } })],
  ['container runAsUser', withContainerSecurity({ runAsUser: 1000 })],
  ['container runAsGroup', withContainerSecurity({ runAsGroup: 1000 })],
  ['container seLinuxOptions', withContainerSecurity({ seLinuxOptions: { level: 's0' } })],
  ['container seccompProfile', withContainerSecurity({ seccompProfile: { type: 'RuntimeDefault' } })],
  ['init container privileged', windowsPodSpec({ initContainers: [windowsContainer({ name: 'init', securityContext: { privileged: false } })] })],
  ['runAsNonRoot with ContainerAdministrator', withPodSecurity({ windowsOptions: { runAsUserName: 'ContainerAdministrator' } })],
  ['runAsNonRoot without user', windowsPodSpec({ securityContext: { runAsNonRoot: true } })],
  ['user: empty', withUser('')],
  ['user: two backslashes', withUser('a\\b\\c')],
  ['user: control character', withUser('user\u0007')],
  ['user: 105 bytes', withUser('u'.repeat(105))],
  ['user: only dots', withUser('...')],
  ['user: forbidden @', withUser('user@contoso.com')],
  ['user: long domain', withUser(`${'d'.repeat(256)}\\user`)],
  ['user: NetBIOS domain with dot first', withUser('.dom\\user')],
  ['user: empty user after domain', withUser('DOMAIN\\')],
  ['user: valid domain', withUser('contoso.com\\svc-web')],
  ['user: NT AUTHORITY', withUser('NT AUTHORITY\\NETWORK SERVICE')],
  ['gmsa: bad name', windowsPodSpec({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'Bad_Name' } } })],
  ['gmsa: empty spec', windowsPodSpec({ securityContext: { windowsOptions: { gmsaCredentialSpec: '' } } })],
  ['gmsa: valid', windowsPodSpec({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } } })],
  ['hostProcess without hostNetwork', windowsPodSpec({ securityContext: {}, containers: [hostProcessContainer()] })],
  ['hostProcess mixed', windowsPodSpec({ securityContext: {}, hostNetwork: true, containers: [hostProcessContainer(), windowsContainer({ name: 'plain', ports: [{ containerPort: 8080 }] })] })],
  ['hostProcess valid', windowsPodSpec({ securityContext: {}, hostNetwork: true, containers: [hostProcessContainer()] })],
  ['hugepages', windowsPodSpec({ containers: [windowsContainer({ resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' }, requests: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' } } })] })],
  ['no memory limit', windowsPodSpec({ containers: [windowsContainer({ resources: { limits: { cpu: '1' } } })] })],
  ['memory request below limit', windowsPodSpec({ containers: [windowsContainer({ resources: { limits: { memory: '2Gi' }, requests: { memory: '512Mi' } } })] })],
  ['terminationMessagePath', windowsPodSpec({ containers: [windowsContainer({ terminationMessagePath: 'C:\\termination.log' })] })],
  ['emptyDir Memory', withVolume({ emptyDir: { medium: 'Memory' } })],
  ['nfs', withVolume({ nfs: { server: 'nfs.contoso.com', path: '/exports' } })],
  ['hostPath File', withVolume({ hostPath: { path: 'C:\\config.json', type: 'File' } })],
  ['hostPath named pipe', withVolume({ hostPath: { path: '\\\\.\\pipe\\docker_engine' } })],
  ['mountPropagation', withVolume({ emptyDir: {} }, { mountPropagation: 'HostToContainer' })],
  ['subPath into emptyDir', withVolume({ emptyDir: {} }, { subPath: 'data' })],
  ['subPath into Secret', withVolume({ secret: { secretName: 's' } }, { subPath: 'key' })],
  ['secret defaultMode', withVolume({ secret: { secretName: 's', defaultMode: 0o400 } })],
  ['volumeDevices', windowsPodSpec({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }], containers: [windowsContainer({ volumeDevices: [{ name: 'v', devicePath: '/dev/xvda' }] })] })],
  ['image build mismatch', windowsPodSpec({ containers: [windowsContainer({ image: 'mcr.microsoft.com/windows/servercore:ltsc2019' })] })],
  // Fields whose treatment changed between 1.27 and 1.37 (see test/apiserver/README.md).
  ['hostUsers false', windowsPodSpec({ hostUsers: false })],
  ['pod-level resources', windowsPodSpec({ resources: { limits: { memory: '1Gi' } } })],
  ['pod appArmorProfile', withPodSecurity({ appArmorProfile: { type: 'RuntimeDefault' } })],
  ['container appArmorProfile', withContainerSecurity({ appArmorProfile: { type: 'RuntimeDefault' } })],
  ['supplementalGroupsPolicy', withPodSecurity({ supplementalGroupsPolicy: 'Strict' })],
  ['seLinuxChangePolicy', withPodSecurity({ seLinuxChangePolicy: 'MountOption' })],
  ['stopSignal SIGINT', windowsPodSpec({ containers: [windowsContainer({ lifecycle: { stopSignal: 'SIGINT' } })] })],
];

/** Each mutation as a Deployment, a Pod and a CronJob, named after the mutation. */
export function windowsCorpus(): Array<{ name: string; object: any }> {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return MUTATIONS.flatMap(([name, podSpec]) => [
    { name: `${name} (Deployment)`, object: windowsDeployment(structuredClone(podSpec), `d-${slug(name)}`) },
    { name: `${name} (Pod)`, object: windowsPod({ ...structuredClone(podSpec), restartPolicy: 'Always' }, `p-${slug(name)}`) },
    { name: `${name} (CronJob)`, object: windowsCronJob({ ...structuredClone(podSpec), restartPolicy: 'OnFailure' }, `c-${slug(name)}`) },
    // 1.27 did not validate StatefulSet pod templates (the call was commented out); 1.37 does.
    { name: `${name} (StatefulSet)`, object: windowsStatefulSet(structuredClone(podSpec), `s-${slug(name)}`) },
  ]);
}

/** Services for the Service rules. */
export function serviceCorpus(): Array<{ name: string; object: any }> {
  return [
    { name: 'ClusterIP', object: service({}, 'svc-clusterip') },
    { name: 'IPv6 single stack', object: service({ ipFamilies: ['IPv6'], ipFamilyPolicy: 'SingleStack' }, 'svc-ipv6') },
    { name: 'Local traffic policy', object: service({ type: 'NodePort', externalTrafficPolicy: 'Local' }, 'svc-local') },
    { name: 'ClientIP affinity', object: service({ sessionAffinity: 'ClientIP' }, 'svc-affinity') },
  ];
}
