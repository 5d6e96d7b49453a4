// The engine's scheduling verdicts against the real scheduler's. The node pools are read from
// the test control plane (test/cluster/harness.ts: linux-1; win2019-1, win2022-1, win2025-1
// tainted os=windows:NoSchedule; akswin19-1, akswin22-1 untainted, with an AKS os-sku) by the
// code `check --cluster` uses. For each case the engine says which pools accept the pod; the
// cluster is asked the same by creating the pod once per node with a required node affinity
// pinning it to that node (`matchFields metadata.name`, ANDed into every term): the pools whose
// pinned pod the scheduler binds must be the engine's pools. The pod itself is created too: when
// bound, its node's pool must be one of them; when Pending, the scheduler's count of nodes per
// reason ("N node(s) had untolerated taint", "N node(s) didn't match Pod's node affinity/selector")
// must equal the engine's (it counts a node under the taint first, as the scheduler's filters
// run). DaemonSets are created as DaemonSets: the nodes their controller runs pods on must be
// the engine's pools. Every case also checks the rules' findings against what the scheduler did.
import { App, Chart } from 'cdk8s';
import { CLUSTER_RELEASES, ClusterRelease, clusterTestsEnabled, TestCluster, waitFor, WINDOWS_BUILDS } from './harness';
import { NodeAgentChart } from '../../examples/node-agent';
import { KubernetesVersion, NodePool, TargetProfile, WindowsDaemonSet, WindowsDeployment, WindowsServerVersion } from '../../src';
import { ClusterReader, readClusterNodePools } from '../../src/cli/cluster';
import { loadConnection } from '../../src/cli/kubeconfig';
import { checkObjects } from '../../src/engine/check-plan';
import { inferWindowsBuild } from '../../src/model/images';
import { findPodSpec } from '../../src/model/manifest';
import { ContainerRuntime, Isolation } from '../../src/model/profile';
import { isWindowsPool, poolBuild, poolVerdicts, schedulingInput } from '../../src/rules/lib/scheduling';
import { hostRunsImage } from '../../src/rules/placement/windows-image-build-mismatch';
import { windowsContainer, windowsPodSpec } from '../support/fixtures';
import { synthValid } from '../support/manifests';

jest.setTimeout(600_000);

const RELEASES = CLUSTER_RELEASES.filter(clusterTestsEnabled);
const maybe = RELEASES.length > 0 ? describe : describe.skip;
const NAMESPACE = 'sched';

interface Case {
  readonly name: string;
  /** The workload (a Pod, or a DaemonSet created as such) and the RuntimeClasses it names. */
  readonly objects: (release: ClusterRelease) => any[];
  /** Not meant for Windows: the non-windows-pod-on-windows-pool rule is about it. */
  readonly linux?: boolean;
}

const TOLERATE_WINDOWS = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];
const pod = (name: string, spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { case: name } }, spec });
const linuxContainer = { name: 'web', image: 'nginx:1.27' };
const required = (...terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const runtimeClass = (name: string, scheduling: any) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runhcs-wcow-process', scheduling });
const daemonSet = (name: string, spec: any) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
});
/** The workload of a synthesized chart (its first object with a pod spec), with the chart's RuntimeClasses. */
function fromChart(chart: Chart): any[] {
  const objects = synthValid(chart);
  return [workloadOf(objects), ...objects.filter(o => o.kind === 'RuntimeClass')];
}
function chartFor(release: ClusterRelease, windowsServerVersion?: WindowsServerVersion): Chart {
  const chart = new Chart(new App(), 'c');
  TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of(release), ...(windowsServerVersion ? { windowsServerVersion } : {}) });
  return chart;
}
/** The library's Deployment as a bare Pod (what its ReplicaSet creates). */
function asPod(name: string, workload: any): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { case: name } }, spec: findPodSpec(workload)!.spec };
}

const CASES: Case[] = [
  // Accepted by one pool, by two of one build, by several of different builds.
  { name: 'ws2025-selected-tolerating', objects: () => [pod('ws2025-selected-tolerating', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': WINDOWS_BUILDS.ws2025 } }))] },
  { name: 'aks-os-sku-2019', objects: () => [pod('aks-os-sku-2019', windowsPodSpec({ nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' }, tolerations: undefined }))] },
  { name: 'ws2022-selected-tolerating', objects: () => [pod('ws2022-selected-tolerating', windowsPodSpec())] },
  { name: 'windows-any-build-tolerating', objects: () => [pod('windows-any-build-tolerating', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [windowsContainer({ image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019' })] }))] },
  { name: 'windows-any-build-not-tolerating', objects: () => [pod('windows-any-build-not-tolerating', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: undefined }))] },
  // No pool: a taint, a selector, an affinity, a RuntimeClass's scheduling.
  { name: 'no-pool-taint', objects: () => [pod('no-pool-taint', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': WINDOWS_BUILDS.ws2025 }, tolerations: undefined }))] },
  { name: 'no-pool-toleration-wrong-value', objects: () => [pod('no-pool-toleration-wrong-value', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': WINDOWS_BUILDS.ws2025 }, tolerations: [{ key: 'os', operator: 'Equal', value: 'linux', effect: 'NoSchedule' }] }))] },
  { name: 'no-pool-selector', objects: () => [pod('no-pool-selector', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.99999' } }))] },
  {
    name: 'no-pool-affinity',
    objects: () => [pod('no-pool-affinity', windowsPodSpec({
      nodeSelector: undefined,
      affinity: required({
        matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
          { key: 'node.kubernetes.io/windows-build', operator: 'NotIn', values: Object.values(WINDOWS_BUILDS) },
        ],
      }),
    }))],
  },
  {
    name: 'no-pool-runtimeclass',
    objects: () => [
      runtimeClass('sched-aks-2025', { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2025' } }),
      pod('no-pool-runtimeclass', windowsPodSpec({ runtimeClassName: 'sched-aks-2025', nodeSelector: { 'kubernetes.io/os': 'windows' } })),
    ],
  },
  {
    name: 'runtimeclass-conflict',
    objects: () => [
      runtimeClass('sched-2019', { nodeSelector: { 'node.kubernetes.io/windows-build': WINDOWS_BUILDS.ws2019 } }),
      pod('runtimeclass-conflict', windowsPodSpec({ runtimeClassName: 'sched-2019' })),
    ],
  },
  // A RuntimeClass that brings the selector and the toleration.
  {
    name: 'runtimeclass-scheduling',
    objects: () => [
      runtimeClass('sched-windows-2019', { nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': WINDOWS_BUILDS.ws2019 }, tolerations: TOLERATE_WINDOWS }),
      pod('runtimeclass-scheduling', windowsPodSpec({ runtimeClassName: 'sched-windows-2019', nodeSelector: undefined, tolerations: undefined, containers: [windowsContainer({ image: 'mcr.microsoft.com/windows/servercore:ltsc2019' })] })),
    ],
  },
  // Operators and terms.
  {
    name: 'affinity-terms-ored',
    objects: () => [pod('affinity-terms-ored', windowsPodSpec({
      nodeSelector: undefined,
      affinity: required(
        { matchExpressions: [{ key: 'kubernetes.azure.com/os-sku', operator: 'In', values: ['Windows2019'] }] },
        { matchExpressions: [{ key: 'node.kubernetes.io/windows-build', operator: 'In', values: [WINDOWS_BUILDS.ws2025] }, { key: 'kubernetes.io/os', operator: 'Exists' }] },
      ),
    }))],
  },
  { name: 'affinity-does-not-exist', objects: () => [pod('affinity-does-not-exist', { affinity: required({ matchExpressions: [{ key: 'node.kubernetes.io/windows-build', operator: 'DoesNotExist' }] }), containers: [linuxContainer] })], linux: true },
  { name: 'affinity-match-fields', objects: () => [pod('affinity-match-fields', windowsPodSpec({ nodeSelector: undefined, affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win2019-1'] }] }) }))] },
  { name: 'hostname-selector', objects: () => [pod('hostname-selector', windowsPodSpec({ nodeSelector: { 'kubernetes.io/hostname': 'win2022-1' } }))] },
  { name: 'toleration-exists-no-effect', objects: () => [pod('toleration-exists-no-effect', windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Exists' }], containers: [windowsContainer({ image: 'contoso/app:1.0' })] }))] },
  // Pods not meant for Windows.
  { name: 'linux-daemonset-tolerating-everything', objects: () => [daemonSet('logs', { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.1' }] })], linux: true },
  { name: 'linux-image-no-selector', objects: () => [pod('linux-image-no-selector', { containers: [linuxContainer] })], linux: true },
  { name: 'linux-os-field-no-selector', objects: () => [pod('linux-os-field-no-selector', { os: { name: 'linux' }, containers: [linuxContainer] })], linux: true },
  { name: 'linux-selected', objects: () => [pod('linux-selected', { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }], containers: [linuxContainer] })], linux: true },
  // What the library writes.
  {
    name: 'library-deployment-ws2022',
    objects: r => {
      const c = chartFor(r, WindowsServerVersion.WS2022);
      new WindowsDeployment(c, 'web', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2022', portNumber: 80 }] });
      return [asPod('library-deployment-ws2022', fromChart(c)[0])];
    },
  },
  {
    name: 'library-deployment-build-from-image',
    objects: r => {
      const c = chartFor(r);
      new WindowsDeployment(c, 'old', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2019' }] });
      return [asPod('library-deployment-build-from-image', fromChart(c)[0])];
    },
  },
  {
    name: 'library-daemonset-ws2022',
    objects: r => {
      const c = chartFor(r, WindowsServerVersion.WS2022);
      new WindowsDaemonSet(c, 'ds', { containers: [{ image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] });
      return fromChart(c);
    },
  },
  { name: 'library-host-process-daemonset', objects: () => fromChart(new NodeAgentChart(new App(), 'agent')) },
];

/** Whether pod `p` is one of the DaemonSet `ds`'s. */
const ownedBy = (p: any, ds: any) => p.metadata.ownerReferences?.some((o: any) => o.uid === ds.metadata.uid);

/** The object of a case with a pod spec (the others are its RuntimeClasses). */
const workloadOf = (objects: any[]) => objects.find(o => findPodSpec(o) !== undefined);

/** `spec` with a required node affinity to node `node` ANDed into every term (a term that matches nothing is left as it is). */
function pinnedTo(spec: any, node: string): any {
  const field = { key: 'metadata.name', operator: 'In', values: [node] };
  const terms: any[] | undefined = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const pinned = terms && terms.length > 0
    ? terms.map(t => (t.matchExpressions?.length || t.matchFields?.length) ? { ...t, matchFields: [...(t.matchFields ?? []), field] } : t)
    : [{ matchFields: [field] }];
  const nodeAffinity = { ...spec.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pinned } };
  return { ...spec, affinity: { ...spec.affinity, nodeAffinity } };
}

/** Nodes per reason in a FailedScheduling message: `taint` and `affinity` (other reasons by their text). */
function reasonCounts(message: string): { [reason: string]: number } {
  const counts: { [reason: string]: number } = {};
  const body = message.replace(/^0\/\d+ nodes are available: /, '').replace(/ preemption:.*$/, '');
  for (const part of body.split(/, (?=\d+ node)/)) {
    const match = /^(\d+) node\(s\) (.*?)\.?$/.exec(part.trim());
    if (!match) continue;
    const reason = /untolerated taint/.test(match[2]) ? 'taint' : /didn't match Pod's node affinity\/selector/.test(match[2]) ? 'affinity' : match[2];
    counts[reason] = (counts[reason] ?? 0) + Number(match[1]);
  }
  return counts;
}

interface Row {
  readonly release: string;
  readonly name: string;
  readonly engine: string;
  readonly cluster: string;
  readonly agree: boolean;
}
const rows: Row[] = [];

maybe.each(RELEASES)('the scheduler of %s places each pod where the engine says', release => {
  let cluster: TestCluster;
  let pools: NodePool[];
  let nodes: any[];
  const poolOf = (node: string) => pools.find(p => p.nodeNames?.includes(node))!.name;
  const built = new Map<string, any[]>();

  beforeAll(async () => {
    cluster = TestCluster.start(release);
    const reader = new ClusterReader(loadConnection({ kubeconfig: cluster.kubeconfig }));
    try {
      ({ nodes, pools } = await readClusterNodePools(reader));
    } finally {
      reader.close();
    }
    cluster.kubectlOk(['create', 'namespace', NAMESPACE]);
    waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', NAMESPACE]).status === 0, 60, 'the default ServiceAccount');
    for (const c of CASES) built.set(c.name, c.objects(release));
    // Every RuntimeClass first, then every pod (each case's own, and one pinned to each node), and the DaemonSets.
    const runtimeClasses = [...built.values()].flat().filter(o => o.kind === 'RuntimeClass');
    for (const v of cluster.create(runtimeClasses)) if (v.status !== 'created') throw new Error(`RuntimeClass ${v.object.metadata.name}: ${v.message}`);
    const toCreate: any[] = [];
    for (const [name, objects] of built) {
      const workload = workloadOf(objects);
      if (workload.kind === 'DaemonSet') {
        toCreate.push(workload);
        continue;
      }
      toCreate.push(workload);
      for (const node of nodes) toCreate.push({ ...workload, metadata: { name: `${name}--${node.metadata.name}`, labels: { case: name } }, spec: pinnedTo(workload.spec, node.metadata.name) });
    }
    const verdicts = cluster.create(toCreate, NAMESPACE);
    const refused = verdicts.filter(v => v.status !== 'created');
    // Pods the API server refuses are cases of their own (RuntimeClass admission): remember them.
    for (const v of refused) built.set(`refused:${v.object.metadata.name}`, [v.message]);
    const expected = verdicts.filter(v => v.status === 'created' && v.object.kind === 'Pod').map(v => v.object.metadata.name);
    waitFor(() => {
      const podsNow = cluster.get('pods', NAMESPACE);
      const decided = (p: any) => p.spec.nodeName || p.status?.conditions?.some((c: any) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
      const byName = new Map(podsNow.map(p => [p.metadata.name, p]));
      if (!expected.every(n => byName.has(n) && decided(byName.get(n)))) return false;
      // DaemonSets: their controller has counted the nodes and every pod it made is bound.
      return cluster.get('daemonsets', NAMESPACE).every(ds => ds.status?.observedGeneration >= 1
        && podsNow.filter(p => ownedBy(p, ds) && p.spec.nodeName).length === ds.status.desiredNumberScheduled);
    }, 180, 'every pod scheduled or found unschedulable');
  });

  afterAll(() => cluster?.stop());

  test.each(CASES.map(c => [c.name, c] as const))('%s', (name, c) => {
    const objects = built.get(name)!;
    const workload = workloadOf(objects);
    const location = findPodSpec(workload)!;
    const input = schedulingInput(workload, location, objects);
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release), nodePools: pools });
    const rules = checkObjects([workload], profile, { context: objects })[0].map(f => f.rule);
    const podsNow = cluster.get('pods', NAMESPACE);

    if (input.kind === 'refused') {
      // The engine: the RuntimeClass admission refuses the pod. The server: the create was refused, naming the conflict.
      const refusal = built.get(`refused:${workload.metadata.name}`);
      const agree = refusal !== undefined && /conflict: runtimeClass.scheduling.nodeSelector/.test(String(refusal[0]));
      rows.push({ release, name, engine: 'refused at admission (RuntimeClass conflict)', cluster: refusal ? `refused: ${String(refusal[0]).slice(0, 90)}` : 'created', agree });
      expect(refusal?.[0]).toMatch(/conflict: runtimeClass.scheduling.nodeSelector\[node.kubernetes.io\/windows-build\]/);
      expect(rules).toContain('no-node-pool-accepts');
      return;
    }
    if (input.kind !== 'requirements') throw new Error(`${name}: the engine does not judge it (${input.reason})`);
    const verdicts = poolVerdicts(input.requirements, pools);
    const engine = verdicts.filter(v => v.accepts).map(v => v.pool.name).sort();

    let scheduler: string[];
    let agreeReasons = true;
    let clusterText: string;
    if (workload.kind === 'DaemonSet') {
      const ds = cluster.get('daemonsets', NAMESPACE).find(d => d.metadata.name === workload.metadata.name);
      scheduler = [...new Set(podsNow.filter(p => ownedBy(p, ds)).map(p => poolOf(p.spec.nodeName)))].sort();
      clusterText = `DaemonSet pods on ${scheduler.join(', ') || 'no node'}`;
    } else {
      const pinned = podsNow.filter(p => p.metadata.labels?.case === name && p.metadata.name !== name && p.spec.nodeName);
      scheduler = [...new Set(pinned.map(p => poolOf(p.spec.nodeName)))].sort();
      const own = podsNow.find(p => p.metadata.name === name);
      if (own.spec.nodeName) {
        clusterText = `pinned pods bound on ${scheduler.join(', ') || 'no node'}; the pod on ${own.spec.nodeName}`;
        agreeReasons = engine.includes(poolOf(own.spec.nodeName));
      } else {
        const message = own.status.conditions.find((x: any) => x.type === 'PodScheduled').message;
        const counts = reasonCounts(message);
        const expectedCounts: { [reason: string]: number } = {};
        for (const v of verdicts.filter(x => !x.accepts)) {
          const reason = v.untoleratedTaints.length > 0 ? 'taint' : 'affinity';
          expectedCounts[reason] = (expectedCounts[reason] ?? 0) + (v.pool.nodeNames?.length ?? 1);
        }
        clusterText = `pinned pods bound on ${scheduler.join(', ') || 'no node'}; the pod Pending: ${message.replace(/ preemption:.*$/, '')}`;
        agreeReasons = JSON.stringify(counts, Object.keys(counts).sort()) === JSON.stringify(expectedCounts, Object.keys(expectedCounts).sort());
        expect(counts).toEqual(expectedCounts);
      }
    }
    rows.push({ release, name, engine: engine.join(', ') || 'no pool', cluster: clusterText, agree: JSON.stringify(engine) === JSON.stringify(scheduler) && agreeReasons });
    expect(engine).toEqual(scheduler);
    expect(agreeReasons).toBe(true);

    // The rules say what the scheduler did.
    expect(rules.includes('no-node-pool-accepts')).toBe(scheduler.length === 0);
    const windowsPoolsTaken = scheduler.filter(p => isWindowsPool(pools.find(x => x.name === p)!));
    if (c.linux) expect(rules.includes('non-windows-pod-on-windows-pool')).toBe(windowsPoolsTaken.length > 0);
    else expect(rules).not.toContain('non-windows-pod-on-windows-pool');
    const hostProcess = location.spec.securityContext?.windowsOptions?.hostProcess === true;
    if (!c.linux && !hostProcess) {
      const images = (location.spec.containers as any[]).map(x => inferWindowsBuild(x.image)).filter((b): b is number => b !== undefined);
      const wrongBuild = windowsPoolsTaken.some(p => {
        const build = poolBuild(pools.find(x => x.name === p)!)!;
        return images.some(i => !hostRunsImage(build, i, { isolation: Isolation.PROCESS, runtime: ContainerRuntime.CONTAINERD }));
      });
      expect(rules.includes('windows-pool-build-mismatch')).toBe(wrongBuild);
    }
  });
});

afterAll(() => {
  if (rows.length === 0) return;
  const table = [
    '| release | case | engine: pools that accept | scheduler | same |',
    '|---|---|---|---|---|',
    ...rows.map(r => `| ${r.release} | ${r.name} | ${r.engine} | ${r.cluster.replace(/\|/g, '\\|')} | ${r.agree ? 'yes' : 'NO'} |`),
    `${rows.filter(r => r.agree).length} of ${rows.length} cases agree`,
  ];
  // eslint-disable-next-line no-console
  console.log(table.join('\n'));
});
