// The real-world corpus (test/corpus/real-world) in a running control plane of each release:
// every case the engine finds error-free is created and, when it targets Windows, its pods are
// placed on Windows nodes; every API rejection the corpus records is reproduced by the real API
// server. Prints the engine's verdict beside the cluster's for every case.
//
// Each case goes to a namespace of its own (the objects' own namespace fields are dropped), with
// what a cluster would already have for it (test/cluster/environment.ts); kinds the cluster
// does not serve (CRDs) are reported as such.
import * as jsyaml from 'js-yaml';
import { environmentFor, podSpecsOf } from './environment';
import { CLUSTER_RELEASES, ClusterRelease, clusterTestsEnabled, CreateVerdict, TestCluster, waitFor } from './harness';
import { nodeBuild, nodeOs } from './observe';
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../src';
import { check } from '../../src/cli/run';
import { realWorldCases } from '../support/real-world-corpus';

// Pods take seconds to be made and placed; each wait below has its own, shorter, limit.
jest.setTimeout(300_000);

const RELEASES = CLUSTER_RELEASES.filter(clusterTestsEnabled);
const maybe = RELEASES.length > 0 ? describe : describe.skip;
const CASES = realWorldCases();
const WINDOWS_INTENTS = ['placed', 'hostprocess', 'hyperv'];

/**
 * Error-free Windows cases the cluster cannot place, and why: a build no pool of the test cluster
 * has. (The engine cannot know the pools yet: they are not part of the target profile.)
 */
const NO_POOL: { [id: string]: string } = {
  'kubernetes-sigs__windows-testing/runtimeclass-2004-hyperv-build-pinned': 'selects Windows build 10.0.19041 (version 2004), which no pool has',
};

/** Another case's DaemonSet holds the same host port on the node: the cases share one cluster. */
const HOST_PORT_TAKEN = /didn't have free ports for the requested pod ports/;

interface Outcome {
  readonly id: string;
  readonly intent: string;
  readonly engineErrors: string[];
  readonly verdicts: CreateVerdict[];
  /** Each pod of the case: `windows 10.0.20348`, `linux`, or `Pending: <reason>`. */
  placements: string[];
}

function objectsOf(text: string): any[] {
  return (jsyaml.loadAll(text) as any[]).filter(o => o && typeof o === 'object');
}

maybe.each(RELEASES)('the real-world corpus on a running %s control plane', (release: ClusterRelease) => {
  let cluster: TestCluster;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    cluster = TestCluster.start(release);
    const clusterScoped = cluster.clusterScopedKinds();
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release), windowsServerVersion: WindowsServerVersion.WS2022 });
    for (const [i, c] of CASES.entries()) {
      const report = await check([c.file], { profile });
      const engineErrors = [...new Set(report.findings.filter(f => f.severity === Severity.ERROR && !f.suppressedReason).map(f => f.rule))].sort();
      const namespace = `rw-${i}`;
      const objects = objectsOf(c.text).map(o => {
        if (clusterScoped.has(o.kind) || !o.metadata?.namespace) return o;
        const { namespace: _dropped, ...metadata } = o.metadata;
        return { ...o, metadata };
      });
      const verdicts = cluster.create([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...environmentFor(objects, namespace), ...objects], namespace)
        .slice(-objects.length);
      // A CronJob's pods come from a Job made from its template.
      for (const cron of verdicts.filter(v => v.status === 'created' && v.object.kind === 'CronJob')) {
        cluster.kubectl(['create', 'job', `${cron.object.metadata.name}-now`, `--from=cronjob/${cron.object.metadata.name}`, '-n', namespace]);
      }
      outcomes.push({ id: c.id, intent: c.intent, engineErrors, verdicts, placements: [] });
    }
    // Wait (up to 2 minutes) for the pods of every case whose workloads were all created.
    const expecting = outcomes.map((o, i) => ({ o, namespace: `rw-${i}` }))
      .filter(({ o }) => o.verdicts.some(v => podSpecsOf(v.object).length > 0) && o.verdicts.every(v => v.status !== 'rejected'));
    try {
      waitFor(() => {
        const pods = cluster.get('pods');
        return expecting.every(({ namespace }) => {
          const mine = pods.filter(p => p.metadata.namespace === namespace);
          return mine.length > 0 && mine.every(p => p.spec.nodeName || p.status?.conditions?.some((cond: any) => cond.reason === 'Unschedulable'));
        });
      }, 120, 'the pods of the corpus cases');
    } catch {
      // Cases still without pods are reported (and fail below when they should have run).
    }
    const nodes = cluster.get('nodes');
    const pods = cluster.get('pods');
    outcomes.forEach((o, i) => {
      o.placements = pods.filter(p => p.metadata.namespace === `rw-${i}`).map(p => {
        const node = nodes.find(n => n.metadata.name === p.spec.nodeName);
        if (!node) return `Pending: ${p.status?.conditions?.find((cond: any) => cond.type === 'PodScheduled')?.message ?? 'not scheduled'}`;
        return nodeOs(node) === 'windows' ? `windows ${nodeBuild(node)} (${node.metadata.name})` : `linux (${node.metadata.name})`;
      });
    });
  }, 900_000);

  afterAll(() => cluster?.stop());

  test('report: the engine\'s verdict beside the cluster\'s, per case', () => {
    const rows = outcomes.map(o => {
      const refused = o.verdicts.filter(v => v.status === 'rejected').map(v => `${v.object.kind} refused`);
      const unserved = o.verdicts.filter(v => v.status === 'unserved').map(v => `${v.object.kind} not served`);
      const places = [...new Set(o.placements)].sort().map(p => `${o.placements.filter(x => x === p).length}x ${p.replace(/^Pending: .*?(\d+\/\d+ nodes are available: [^.]*)\..*$/, 'Pending: $1')}`);
      const inCluster = [...refused, ...unserved, ...places].join('; ') || 'created, no pods';
      return `| ${o.id} | ${o.intent} | ${o.engineErrors.join(', ') || 'no error'} | ${inCluster} |`;
    });
    // eslint-disable-next-line no-console
    console.log(`real-world corpus at ${release}: engine vs cluster\n| case | intent | engine errors | cluster |\n|---|---|---|---|\n${rows.join('\n')}`);
    expect(rows).toHaveLength(CASES.length);
  });

  test('every case the engine finds error-free is created, and a Windows one runs on Windows nodes', () => {
    const problems = outcomes.filter(o => o.engineErrors.length === 0).flatMap(o => {
      const refused = o.verdicts.filter(v => v.status === 'rejected').map(v => `${o.id}: ${v.object.kind} ${v.object.metadata?.name} refused: ${v.message}`);
      if (refused.length > 0 || !WINDOWS_INTENTS.includes(o.intent)) return refused;
      if (!o.verdicts.some(v => podSpecsOf(v.object).length > 0)) return [];
      if (o.placements.length === 0) return [`${o.id}: no pods were made`];
      if (NO_POOL[o.id]) return o.placements.every(p => p.startsWith('Pending: ')) ? [] : [`${o.id}: expected Pending (${NO_POOL[o.id]}), got ${o.placements.join(', ')}`];
      return o.placements.filter(p => !p.startsWith('windows ') && !HOST_PORT_TAKEN.test(p)).map(p => `${o.id}: a pod is ${p}`);
    });
    expect(problems).toEqual([]);
  });

  test('every API rejection the corpus records is reproduced by the real API server', () => {
    const recorded = CASES.flatMap((c, i) => (c.upstream[release] ?? []).flatMap((verdict, index) => verdict === 'invalid' ? [{ c, i, index }] : []));
    expect(recorded.length).toBeGreaterThan(5);
    const missed = recorded.filter(({ i, index }) => outcomes[i].verdicts[index]?.status !== 'rejected')
      .map(({ c, i, index }) => `${c.id} #${index}: ${outcomes[i].verdicts[index]?.status}`);
    expect(missed).toEqual([]);
  });
});

if (RELEASES.length === 0) {
  test('cluster tests skipped: Go is not installed', () => expect(RELEASES).toEqual([]));
}
