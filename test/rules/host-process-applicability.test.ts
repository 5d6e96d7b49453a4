// HostProcess pods run on the host, in the host network, as a host account. Every rule declares
// whether it runs on them (`hostProcessPods`); this walks the catalog: each rule the engine skips
// for HostProcess pods fires on the same pod without HostProcess, and none fires on it with.
import { KubernetesVersion, Severity, TargetProfile, WindowsNodePool, WindowsServerVersion } from '../../src';
import { CATALOG } from '../../src/engine/catalog';
import { runRules } from '../../src/engine/run-rules';
import { HostProcessPods } from '../../src/rules/rule';
import { windowsContainer, windowsDaemonSet, windowsPodSpec } from '../support/fixtures';

const PROFILE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_27, windowsServerVersion: WindowsServerVersion.WS2022 });
const SYSTEM = 'NT AUTHORITY\\SYSTEM';

/** A HostProcess agent as vendors publish them (host network, ClusterFirstWithHostNet, SYSTEM), bent by `extra`. */
const agent = (extra: any = {}, container: any = {}) => windowsDaemonSet(windowsPodSpec({
  hostNetwork: true,
  dnsPolicy: 'ClusterFirstWithHostNet',
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: SYSTEM } },
  containers: [windowsContainer({ name: 'agent', ports: undefined, ...container })],
  ...extra,
}));
/** The same pod without HostProcess (the pod-level flag removed). */
const withoutHostProcess = (object: any) => {
  const copy = structuredClone(object);
  delete copy.spec.template.spec.securityContext.windowsOptions.hostProcess;
  return copy;
};

/** For each rule the engine skips on HostProcess pods: a HostProcess pod that would violate it otherwise. */
const SKIPPED_CASES: { [rule: string]: any } = {
  'no-host-network': agent({ dnsPolicy: undefined }),
  'no-cluster-first-with-host-net': agent(),
  'run-as-non-root-needs-username': agent({ securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } } }),
  'subpath-mount': agent({ volumes: [{ name: 'etc', secret: { secretName: 'agent' } }] }, { volumeMounts: [{ name: 'etc', mountPath: 'C:\\etc\\agent.conf', subPath: 'agent.conf' }] }),
  'windows-image-build-mismatch': agent({}, { image: 'mcr.microsoft.com/windows/nanoserver:ltsc2019' }),
  'image-needs-administrator': agent({}, { image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022' }),
  // On every Windows pool: an ltsc2019 image and a Windows Server 2022 pool.
  'windows-pool-build-mismatch': agent({ nodeSelector: { 'kubernetes.io/os': 'windows' } }, { image: 'mcr.microsoft.com/windows/nanoserver:ltsc2019' }),
};
/** The target of a case, when it needs more than PROFILE. */
const CASE_PROFILES: { [rule: string]: TargetProfile } = {
  'windows-pool-build-mismatch': PROFILE.withNodePools([WindowsNodePool.windows('win22', WindowsServerVersion.WS2022, { windowsTaint: true })]),
};

const findingsOf = (object: any, rule: string) =>
  runRules([object], CASE_PROFILES[rule] ?? PROFILE, CATALOG.filter(r => r.name === rule)).filter(f => f.severity !== Severity.INFO);

test('every rule declares how it treats HostProcess pods', () => {
  for (const rule of CATALOG) expect(Object.values(HostProcessPods)).toContain(rule.hostProcessPods);
});

test.each(CATALOG.filter(rule => rule.hostProcessPods === HostProcessPods.SKIPPED).map(rule => rule.name))(
  '%s: fires on the pod without HostProcess, not on the HostProcess pod', rule => {
    const hostProcessPod = SKIPPED_CASES[rule];
    expect(hostProcessPod).toBeDefined();
    expect(findingsOf(hostProcessPod, rule)).toEqual([]);
    expect(findingsOf(withoutHostProcess(hostProcessPod), rule).length).toBeGreaterThan(0);
  });

test('rules that stay on run on HostProcess pods: a privileged HostProcess container is still an error', () => {
  expect(findingsOf(agent({}, { securityContext: { privileged: true } }), 'no-privileged').map(f => f.path))
    .toEqual(['spec.template.spec.containers[0].securityContext.privileged']);
});

test('a HostProcess DaemonSet as vendors publish it (ClusterFirstWithHostNet, host network, SYSTEM) passes the whole catalog', () => {
  expect(runRules([agent()], PROFILE).filter(f => f.severity !== Severity.INFO)).toEqual([]);
});
