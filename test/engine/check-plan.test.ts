// Which objects the checker checks, and with which rules (src/engine/check-plan.ts).
import { CATALOG } from '../../src/engine/catalog';
import {
  classify, isList, ObjectCategory, planFor, readsNamespaceLabels, referencesOtherObjects, selects, skeletonOf,
  splitByNamespaceLabels,
} from '../../src/engine/check-plan';
import { findPodSpec } from '../../src/model/manifest';
import { NAMESPACE_LABEL_RULES } from '../../src/rules/namespace';
import { NODES_EVERY_WORKLOAD_RULES } from '../../src/rules/nodes';
import { EVERY_WORKLOAD_RULES, PLACEMENT_RULES, podTargetsWindows } from '../../src/rules/placement';

function deployment(podSpec: any, labels: any = { app: 'web' }, namespace?: string): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...(namespace ? { namespace } : {}), annotations: { big: 'x'.repeat(100) } },
    spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } },
  };
}
const windowsPod = { os: { name: 'windows' }, containers: [{ name: 'a', image: 'i', env: [{ name: 'X', value: '1' }] }], volumes: [{ name: 'v', emptyDir: {} }] };
const linuxPod = { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', image: 'nginx' }] };
const service = (selector: any, namespace?: string): any => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 's', ...(namespace ? { namespace } : {}) }, spec: { selector, ports: [{ port: 80 }] },
});

describe('planFor: the decision', () => {
  test('a Windows workload gets the whole catalog', () => {
    const windows = deployment(windowsPod);
    expect(planFor(windows)).toEqual({ category: ObjectCategory.WORKLOAD, rules: CATALOG, windows: true, pod: findPodSpec(windows) });
  });

  test('any other workload gets the placement and scheduling rules that run on every workload (they catch Windows images without Windows placement, Linux pods on Windows pools)', () => {
    expect(EVERY_WORKLOAD_RULES.map(r => r.name)).toContain('windows-image-without-windows-placement');
    // A Linux pod runs Linux-only images: that placement rule is about Windows pods only.
    expect(EVERY_WORKLOAD_RULES.map(r => r.name)).not.toContain('linux-only-image');
    expect(PLACEMENT_RULES.filter(rule => !EVERY_WORKLOAD_RULES.includes(rule)).map(r => r.name)).toEqual(['linux-only-image']);
    const linux = deployment(linuxPod);
    const other = [...EVERY_WORKLOAD_RULES, ...NODES_EVERY_WORKLOAD_RULES];
    expect(NODES_EVERY_WORKLOAD_RULES.map(r => r.name)).toEqual(['no-node-pool-accepts', 'non-windows-pod-on-windows-pool']);
    expect(planFor(linux)).toEqual({ category: ObjectCategory.WORKLOAD, rules: other, windows: false, pod: findPodSpec(linux) });
    expect(planFor(deployment({ containers: [] })).rules).toEqual(other);
  });

  test('--assume-windows: every workload and every Service gets the whole catalog', () => {
    expect(planFor(deployment(linuxPod), { assumeWindows: true })).toMatchObject({ rules: CATALOG, windows: true });
    expect(planFor(service({ app: 'nothing' }), { assumeWindows: true }).rules).toBe(CATALOG);
  });

  test('a Service gets the catalog when it selects a Windows workload of the input, no rules otherwise', () => {
    expect(planFor(service({ app: 'web' }), { selectsWindowsPods: () => true }).rules).toBe(CATALOG);
    expect(planFor(service({ app: 'web' }), { selectsWindowsPods: () => false }).rules).toEqual([]);
    expect(planFor(service({ app: 'web' })).rules).toEqual([]);
  });

  test('a workload without a pod spec, kinds without rules, unknown kinds and non-objects get nothing', () => {
    expect(planFor({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toMatchObject({ category: ObjectCategory.WORKLOAD, rules: [] });
    expect(planFor({ apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toMatchObject({ category: ObjectCategory.NO_RULES, rules: [] });
    expect(planFor({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate' })).toMatchObject({ category: ObjectCategory.UNKNOWN_KIND, rules: [] });
    expect(planFor({ replicaCount: 2 })).toMatchObject({ category: ObjectCategory.NOT_KUBERNETES, rules: [] });
  });
});

describe('classify', () => {
  test.each([
    ['apps/v1', 'Deployment', ObjectCategory.WORKLOAD],
    ['batch/v1', 'CronJob', ObjectCategory.WORKLOAD],
    ['v1', 'Pod', ObjectCategory.WORKLOAD],
    ['extensions/v1beta1', 'DaemonSet', ObjectCategory.WORKLOAD],
    ['v1', 'Service', ObjectCategory.SERVICE],
    ['v1', 'ConfigMap', ObjectCategory.NO_RULES],
    ['node.k8s.io/v1', 'RuntimeClass', ObjectCategory.NO_RULES],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', ObjectCategory.NO_RULES],
    ['argoproj.io/v1alpha1', 'Rollout', ObjectCategory.UNKNOWN_KIND],
    ['example.com/v1', 'Deployment', ObjectCategory.UNKNOWN_KIND],
    ['serving.knative.dev/v1', 'Service', ObjectCategory.UNKNOWN_KIND],
  ])('%s %s is %s', (apiVersion, kind, category) => {
    expect(classify({ apiVersion, kind })).toBe(category);
  });

  test('mappings without a string apiVersion and kind are not Kubernetes objects', () => {
    expect(classify({ kind: 'Pod' })).toBe(ObjectCategory.NOT_KUBERNETES);
    expect(classify({ apiVersion: 'v2', name: 'chart' })).toBe(ObjectCategory.NOT_KUBERNETES);
    expect(classify({ apiVersion: 1, kind: 'Pod' })).toBe(ObjectCategory.NOT_KUBERNETES);
  });

  test('lists: v1 List and built-in XxxList with items', () => {
    expect(isList({ apiVersion: 'v1', kind: 'List', items: [] })).toBe(true);
    expect(isList({ apiVersion: 'apps/v1', kind: 'DeploymentList', items: [] })).toBe(true);
    expect(isList({ apiVersion: 'example.com/v1', kind: 'WidgetList', items: [] })).toBe(false);
    expect(isList({ apiVersion: 'v1', kind: 'List' })).toBe(false);
  });
});

describe('podTargetsWindows (the checker\'s Windows decision)', () => {
  const pod = (spec: any) => findPodSpec({ apiVersion: 'v1', kind: 'Pod', spec })!;
  test.each([
    [{ os: { name: 'windows' } }, true],
    [{ nodeSelector: { 'kubernetes.io/os': 'windows' } }, true],
    [{ nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }, true],
    [{ nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.20348' } }, true],
    [{ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] }] } } } }, true],
    [{
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] },
              { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
            ],
          },
        },
      },
    }, false],
    [{ runtimeClassName: 'windows-2022-hyperv' }, true],
    [{ runtimeClassName: 'gvisor' }, false],
    [{ nodeSelector: { 'kubernetes.io/os': 'linux' } }, false],
    [{}, false],
  ])('%j -> %s', (spec, expected) => {
    expect(podTargetsWindows(pod(spec))).toBe(expected);
  });
});

describe('selects', () => {
  test('every selector label on the pod template, and the same namespace or either unset', () => {
    const web = deployment(windowsPod, { app: 'web', tier: 'front' }, 'shop');
    expect(selects(service({ app: 'web' }, 'shop'), web)).toBe(true);
    expect(selects(service({ app: 'web', tier: 'front' }), web)).toBe(true);
    expect(selects(service({ app: 'web', tier: 'back' }, 'shop'), web)).toBe(false);
    expect(selects(service({ app: 'web' }, 'other'), web)).toBe(false);
    expect(selects(service({ app: 'web' }, 'other'), deployment(windowsPod, { app: 'web' }))).toBe(true);
    expect(selects(service({}), web)).toBe(false);
    expect(selects(service(undefined), web)).toBe(false);
  });

  test('a bare Pod is selected by its own labels', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } }, spec: windowsPod };
    expect(selects(service({ app: 'web' }), pod)).toBe(true);
    expect(selects(service({ app: 'web' }), skeletonOf(pod))).toBe(true);
  });
});

describe('skeletonOf', () => {
  test('keeps identity, replicas, pod labels and placement at their paths; drops containers, volumes, annotations', () => {
    const skeleton = skeletonOf(deployment({ ...windowsPod, nodeSelector: { 'kubernetes.io/os': 'windows' } }, { app: 'web' }, 'shop'));
    expect(skeleton).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { os: { name: 'windows' }, nodeSelector: { 'kubernetes.io/os': 'windows' } } } },
    });
    expect(findPodSpec(skeleton)?.metadata.labels).toEqual({ app: 'web' });
  });

  test('a CronJob keeps its nested path; owner references are kept', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', ownerReferences: [{ kind: 'X', name: 'y' }] },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { job: 'c' } }, spec: windowsPod } } } },
    };
    const skeleton = skeletonOf(cronJob);
    expect(skeleton.metadata.ownerReferences).toEqual([{ kind: 'X', name: 'y' }]);
    expect(findPodSpec(skeleton)).toMatchObject({ spec: { os: { name: 'windows' } }, metadata: { labels: { job: 'c' } } });
  });
});

test('referencesOtherObjects: claims and RuntimeClasses', () => {
  const pod = (spec: any) => findPodSpec({ apiVersion: 'v1', kind: 'Pod', spec })!;
  expect(referencesOtherObjects(pod({ volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] }))).toBe(true);
  expect(referencesOtherObjects(pod({ runtimeClassName: 'windows-hyperv' }))).toBe(true);
  expect(referencesOtherObjects(pod({ volumes: [{ name: 'd', emptyDir: {} }] }))).toBe(false);
});

test('readsNamespaceLabels: only a workload the Pod Security rules judge, in a namespace it sets', () => {
  const windowsSpec = { nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] };
  const linuxSpec = { containers: [{ name: 'c', image: 'nginx:1.27' }] };
  const windowsInTeam = deployment(windowsSpec, { app: 'web' }, 'team');
  expect(readsNamespaceLabels(planFor(windowsInTeam), windowsInTeam)).toBe(true);
  // The namespace is set by `kubectl apply -n`: no Namespace of the input can be it.
  const windowsNoNamespace = deployment(windowsSpec);
  expect(readsNamespaceLabels(planFor(windowsNoNamespace), windowsNoNamespace)).toBe(false);
  // A Linux workload gets the placement rules only: nothing waits for its namespace.
  const linuxInTeam = deployment(linuxSpec, { app: 'web' }, 'team');
  expect(readsNamespaceLabels(planFor(linuxInTeam), linuxInTeam)).toBe(false);
  // A namespace is not a reference that holds the whole workload back.
  expect(referencesOtherObjects(planFor(windowsInTeam).pod!)).toBe(false);
});

test('splitByNamespaceLabels: the Pod Security rules apart, the rest together, nothing lost', () => {
  const plan = planFor(deployment({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name: 'c', image: 'i' }] }));
  const { now, labels } = splitByNamespaceLabels(plan);
  expect(labels.rules).toEqual(NAMESPACE_LABEL_RULES);
  expect(now.rules.length + labels.rules.length).toBe(plan.rules.length);
  expect(new Set([...now.rules, ...labels.rules])).toEqual(new Set(plan.rules));
  expect(now.pod).toBe(plan.pod);
});

test('splitByNamespaceLabels gives the same rule lists for every plan of a kind (the engine keeps checks per list)', () => {
  const windows = (name: string) => planFor(deployment({ nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name, image: 'i' }] }));
  expect(splitByNamespaceLabels(windows('a')).now.rules).toBe(splitByNamespaceLabels(windows('b')).now.rules);
  expect(splitByNamespaceLabels(windows('a')).labels.rules).toBe(splitByNamespaceLabels(windows('b')).labels.rules);
});
