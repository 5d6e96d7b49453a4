// The scheduling rules: the examples (examples.ts), then the ported filters case by case
// (operators, tolerations, RuntimeClass scheduling), the pools of Node objects, and the profile
// setting that carries the pools.
import { App, Chart, Testing } from 'cdk8s';
import { EXAMPLES, POOLS, PROFILE, runtimeClass } from './examples';
import { NodePool, TaintEffect, TargetProfile, WindowsNodePool, WindowsServerVersion } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { findPodSpec } from '../../../src/model/manifest';
import { poolVerdicts, schedulingInput, SchedulingRequirements, toleratesTaint } from '../../../src/rules/lib/scheduling';
import { NODES_RULES } from '../../../src/rules/nodes';
import { windowsDaemonSet, windowsDeployment, windowsPodSpec } from '../../support/fixtures';
import { testExamples } from '../../support/rules';

testExamples(EXAMPLES, NODES_RULES, PROFILE);

/** The names of the pools that accept `object`'s pod. */
function accepting(object: any, pools: NodePool[] = POOLS, objects: any[] = []): string[] {
  const input = schedulingInput(object, findPodSpec(object)!, objects);
  if (input.kind !== 'requirements') throw new Error(input.kind);
  return poolVerdicts(input.requirements, pools).filter(v => v.accepts).map(v => v.pool.name);
}
const withAffinity = (...expressions: any[]) => windowsDeployment(windowsPodSpec({
  nodeSelector: undefined,
  tolerations: [{ operator: 'Exists' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } },
}));

describe('required node affinity: every operator, as labels.Requirement.Matches', () => {
  test.each([
    ['In', { key: 'kubernetes.azure.com/os-sku', operator: 'In', values: ['Windows2019', 'Windows2022'] }, ['akswin19', 'akswin22']],
    ['NotIn (a node without the label matches)', { key: 'kubernetes.azure.com/os-sku', operator: 'NotIn', values: ['Windows2019'] }, ['linux', 'win2019', 'win2022', 'win2025', 'akswin22']],
    ['Exists', { key: 'node.kubernetes.io/windows-build', operator: 'Exists' }, ['win2019', 'win2022', 'win2025', 'akswin19', 'akswin22']],
    ['DoesNotExist', { key: 'node.kubernetes.io/windows-build', operator: 'DoesNotExist' }, ['linux']],
    ['Gt on a numeric label', { key: 'build', operator: 'Gt', values: ['20000'] }, ['win2022', 'win2025', 'akswin22']],
    ['Lt on a numeric label', { key: 'build', operator: 'Lt', values: ['20348'] }, ['win2019', 'akswin19']],
    ['Gt with a value that is not a number: the term does not parse and matches nothing', { key: 'build', operator: 'Gt', values: ['x'] }, []],
    ['In without values: does not parse', { key: 'kubernetes.io/os', operator: 'In', values: [] }, []],
    ['an unknown operator: does not parse', { key: 'kubernetes.io/os', operator: 'Equals', values: ['windows'] }, []],
  ])('%s', (_name, expression, expected) => {
    const numbered = POOLS.map(p => ({ ...p, labels: { ...p.labels, ...(p.labels?.['node.kubernetes.io/windows-build'] ? { build: p.labels['node.kubernetes.io/windows-build'].slice(5) } : {}) } }));
    expect(accepting(withAffinity(expression), numbered)).toEqual(expected);
  });

  test('terms are ORed, expressions ANDed; an empty term matches nothing', () => {
    const pod = windowsDeployment(windowsPodSpec({
      nodeSelector: undefined,
      tolerations: [{ operator: 'Exists' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {},
              { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }, { key: 'kubernetes.azure.com/os-sku', operator: 'Exists' }] },
              { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
            ],
          },
        },
      },
    }));
    expect(accepting(pod)).toEqual(['linux', 'akswin19', 'akswin22']);
  });

  test('a required node affinity without terms matches no node, and the message says so', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } };
    const pod = windowsDeployment(windowsPodSpec({ nodeSelector: undefined, affinity }));
    expect(accepting(pod)).toEqual([]);
    const [finding] = runRules([pod], PROFILE, NODES_RULES).filter(f => f.rule === 'no-node-pool-accepts');
    expect(finding.message).toContain("pool 'win2022': its placement does not match: required node affinity: no nodeSelectorTerms (it matches no node)");
  });

  test('matchFields metadata.name selects nodes by name; a pool without node names is not judged', () => {
    const pod = windowsDeployment(windowsPodSpec({
      nodeSelector: undefined,
      tolerations: [{ operator: 'Exists' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win-b'] }] }] } } },
    }));
    const pools = [
      WindowsNodePool.windows('a', WindowsServerVersion.WS2022, { nodeNames: ['win-a'] }),
      WindowsNodePool.windows('b', WindowsServerVersion.WS2022, { nodeNames: ['win-a2', 'win-b'] }),
      WindowsNodePool.windows('unnamed', WindowsServerVersion.WS2022),
    ];
    const input = schedulingInput(pod, findPodSpec(pod)!, []);
    const verdicts = poolVerdicts((input as { requirements: SchedulingRequirements }).requirements, pools);
    expect(verdicts.map(v => [v.pool.name, v.accepts, v.acceptingNodes])).toEqual([['a', false, 0], ['b', true, 1]]);
  });

  test('matchFields on another field reads it as empty, as the field selector does: NotIn matches, In does not', () => {
    const on = (operator: string) => windowsDeployment(windowsPodSpec({
      nodeSelector: undefined,
      tolerations: [{ operator: 'Exists' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'spec.podCIDR', operator, values: ['x'] }] }] } } },
    }));
    const pools = [WindowsNodePool.windows('a', WindowsServerVersion.WS2022, { nodeNames: ['win-a'] })];
    expect(accepting(on('NotIn'), pools)).toEqual(['a']);
    expect(accepting(on('In'), pools)).toEqual([]);
  });

  test('kubernetes.io/hostname is the node name when the pool does not set it', () => {
    const pod = windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/hostname': 'win-b' }, tolerations: [] }));
    const pools = [WindowsNodePool.windows('a', WindowsServerVersion.WS2022, { nodeNames: ['win-a'] }), WindowsNodePool.windows('b', WindowsServerVersion.WS2022, { nodeNames: ['win-b'] })];
    expect(accepting(pod, pools)).toEqual(['b']);
  });
});

describe('taints and tolerations, as Toleration.ToleratesTaint', () => {
  const taint = { key: 'os', value: 'windows', effect: TaintEffect.NO_SCHEDULE };
  test.each([
    ['Equal, same value', { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }, true],
    ['no operator means Equal', { key: 'os', value: 'windows' }, true],
    ['Equal, other value', { key: 'os', operator: 'Equal', value: 'linux' }, false],
    ['Exists on the key', { key: 'os', operator: 'Exists' }, true],
    ['Exists with no key: every taint', { operator: 'Exists' }, true],
    ['an empty key with Equal compares the value alone (the API server refuses such a toleration)', { operator: 'Equal', value: 'windows' }, true],
    ['another effect', { key: 'os', operator: 'Exists', effect: 'NoExecute' }, false],
    ['no effect: every effect', { key: 'os', operator: 'Equal', value: 'windows' }, true],
    ['Gt (alpha gate off): tolerates nothing', { key: 'os', operator: 'Gt', value: '1' }, false],
  ])('%s', (_name, toleration, expected) => {
    expect(toleratesTaint(toleration as any, taint)).toBe(expected);
  });

  test('PreferNoSchedule never refuses; NoExecute does', () => {
    const pools = [
      WindowsNodePool.windows('prefer', WindowsServerVersion.WS2022, { taints: [{ key: 'x', effect: TaintEffect.PREFER_NO_SCHEDULE }] }),
      WindowsNodePool.windows('execute', WindowsServerVersion.WS2022, { taints: [{ key: 'x', effect: TaintEffect.NO_EXECUTE }] }),
    ];
    expect(accepting(windowsDeployment(), pools)).toEqual(['prefer']);
  });

  test("a DaemonSet's pods tolerate the node-condition taints, as the DaemonSet controller adds them", () => {
    const cordoned = [WindowsNodePool.windows('cordoned', WindowsServerVersion.WS2022, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: TaintEffect.NO_SCHEDULE }] })];
    expect(accepting(windowsDaemonSet(), cordoned)).toEqual(['cordoned']);
    expect(accepting(windowsDeployment(), cordoned)).toEqual([]);
  });

  test("a RuntimeClass's tolerations are added to the pod's, its node selector merged in", () => {
    const objects = [runtimeClass('win', { 'kubernetes.io/os': 'windows' }, [{ key: 'os', operator: 'Exists' }])];
    const pod = windowsDeployment(windowsPodSpec({ runtimeClassName: 'win', nodeSelector: undefined, tolerations: undefined }));
    expect(accepting(pod, POOLS, objects)).toEqual(['win2019', 'win2022', 'win2025', 'akswin19', 'akswin22']);
  });
});

describe('WindowsNodePool', () => {
  test('windows(): OS, arch and build labels; the taint and os-sku when asked', () => {
    expect(WindowsNodePool.windows('w', WindowsServerVersion.WS2025, { windowsTaint: true, osSku: 'Windows2025', nodeCount: 3 })).toEqual({
      name: 'w',
      labels: { 'kubernetes.io/os': 'windows', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/windows-build': '10.0.26100', 'kubernetes.azure.com/os-sku': 'Windows2025' },
      taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }],
      nodeCount: 3,
    });
    expect(WindowsNodePool.linux('l', { architecture: 'arm64' })).toEqual({ name: 'l', labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' }, taints: [] });
  });

  const node = (name: string, labels: any, taints?: any[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: taints ? { taints } : {} });

  test('fromNodes groups nodes by labels (but the hostname) and taints (but node-condition ones), named by their pool label', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        node('aks-win22-1', { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/agentpool': 'win22' }),
        node('aks-win22-2', { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/agentpool': 'win22' }, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
        node('linux-a1', { 'kubernetes.io/os': 'linux' }),
        node('linux-a2', { 'kubernetes.io/os': 'linux' }),
        node('tainted', { 'kubernetes.io/os': 'windows' }, [{ key: 'os', value: 'windows', effect: 'NoSchedule' }]),
      ],
    };
    expect(WindowsNodePool.fromNodes(list)).toEqual([
      { name: 'win22', labels: { 'kubernetes.azure.com/agentpool': 'win22', 'kubernetes.io/os': 'windows' }, taints: [], nodeCount: 2, nodeNames: ['aks-win22-1', 'aks-win22-2'] },
      { name: 'linux-a', labels: { 'kubernetes.io/os': 'linux' }, taints: [], nodeCount: 2, nodeNames: ['linux-a1', 'linux-a2'] },
      { name: 'tainted', labels: { 'kubernetes.io/os': 'windows' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }], nodeCount: 1, nodeNames: ['tainted'] },
    ]);
    // A stream of documents (an array) and a NodeList read the same.
    expect(WindowsNodePool.fromNodes([list.items[2], { kind: 'NodeList', items: [list.items[3]] }]).map(p => p.name)).toEqual(['linux-a']);
  });

  test.each([
    ['an object that is not a Node', [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }], '[0] is a Pod, not a Node'],
    ['a Node without a name', { kind: 'Node', metadata: {} }, 'the Node at position 1 has no metadata.name'],
    ['a taint with an unknown effect', node('n', {}, [{ key: 'os', effect: 'Sometimes' }]), "Node 'n': spec.taints[0]: effect \"Sometimes\" of taint 'os' is not one of NoSchedule, PreferNoSchedule, NoExecute"],
    ['a label that is not a string', { kind: 'Node', metadata: { name: 'n', labels: { a: 1 } } }, "Node 'n': label 'a' is not a string"],
  ])('fromNodes refuses %s, naming it', (_name, input, message) => {
    expect(() => WindowsNodePool.fromNodes(input)).toThrow(message);
  });
});

describe('the nodePools setting', () => {
  test('a bad pool is refused, naming the pool and the field', () => {
    expect(() => TargetProfile.of({ nodePools: [{ name: 'w', taints: [{ key: 'os', effect: 'Never' as any }] }] }))
      .toThrow("Invalid target: node pool 'w': taints[0]: effect \"Never\" of taint 'os' is not one of NoSchedule, PreferNoSchedule, NoExecute.");
    expect(() => TargetProfile.of({ nodePools: [{ name: '' }] })).toThrow('Invalid target: node pool 1: name is missing or empty.');
    expect(() => TargetProfile.of({ nodePools: [{ name: 'w', labels: { os: 3 as any } }] })).toThrow("node pool 'w': labels['os'] is 3, not a string");
    expect(() => TargetProfile.of({ nodePools: [{ name: 'w', nodeCount: -1 }] })).toThrow("node pool 'w': nodeCount -1 is not a whole number of nodes");
    expect(() => TargetProfile.of({ nodePools: [{ name: 'w' }, { name: 'w' }] })).toThrow("node pool 'w' is given twice");
  });

  test('configure() and the context key carry the pools; describe() names them; withNodePools keeps the rest', () => {
    const app = Testing.app();
    TargetProfile.configure(app, { nodePools: POOLS.slice(0, 2) });
    const chart = new Chart(app, 'c');
    expect(TargetProfile.resolve(chart).nodePools).toEqual(POOLS.slice(0, 2));
    const withContext = (value: string) => {
      const scope = new App();
      scope.node.setContext('cdk8s-windows:nodePools', value);
      return scope;
    };
    expect(TargetProfile.resolve(withContext(JSON.stringify([{ name: 'w', labels: { 'kubernetes.io/os': 'windows' } }]))).describe()).toContain('node pools w');
    expect(() => TargetProfile.resolve(withContext('{nope'))).toThrow("for 'cdk8s-windows:nodePools': expected a JSON list");
    const profile = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2019 }).withNodePools(POOLS);
    expect(profile.windowsServerVersion).toBe(WindowsServerVersion.WS2019);
    expect(profile.nodePools).toEqual(POOLS);
  });

  test('without pools, the scheduling rules find nothing at all', () => {
    const objects = EXAMPLES.flatMap(e => e.violating.flatMap(v => [...v.objects]));
    expect(runRules(objects, TargetProfile.of(), NODES_RULES)).toEqual([]);
  });
});
