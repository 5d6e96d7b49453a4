// Unit tests: how a Pulumi resource becomes the manifest the rule engine reads (no Pulumi engine).
import { kubernetesKindOf, manifestOf, resourceManifests } from '../../src/resource-manifests';

// @pulumi/policy's own proxy over resource properties (internal, not in its .d.ts): reading a
// value unknown during preview throws.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require('@pulumi/policy/proxy');

describe('unit: kubernetesKindOf', () => {
  test('the core group is apiVersion v1, other groups group/version', () => {
    expect(kubernetesKindOf('kubernetes:core/v1:Pod')).toEqual({ apiVersion: 'v1', kind: 'Pod' });
    expect(kubernetesKindOf('kubernetes:apps/v1:Deployment')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(kubernetesKindOf('kubernetes:batch/v1:CronJob')).toEqual({ apiVersion: 'batch/v1', kind: 'CronJob' });
    expect(kubernetesKindOf('kubernetes:node.k8s.io/v1:RuntimeClass')).toEqual({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass' });
  });

  test('providers, components, lists and patches are not objects', () => {
    expect(kubernetesKindOf('pulumi:providers:kubernetes')).toBeUndefined();
    expect(kubernetesKindOf('kubernetes:yaml/v2:ConfigGroup')).toBeUndefined();
    expect(kubernetesKindOf('kubernetes:helm.sh/v4:Chart')).toBeUndefined();
    expect(kubernetesKindOf('kubernetes:apps/v1:DeploymentPatch')).toBeUndefined();
    expect(kubernetesKindOf('kubernetes:apps/v1:DeploymentList')).toBeUndefined();
    expect(kubernetesKindOf('cdk8s-windows:index:WindowsChart')).toBeUndefined();
  });
});

describe('unit: manifestOf', () => {
  test('keeps the object, drops status and the provider\'s own keys', () => {
    const manifest = manifestOf({
      type: 'kubernetes:core/v1:Pod',
      urn: 'urn:pod',
      props: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] }, status: { phase: 'Running' }, __inputs: { x: 1 } },
    });
    expect(manifest).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } });
  });

  test('apiVersion and kind come from the type token when the properties lack them', () => {
    expect(manifestOf({ type: 'kubernetes:batch/v1:Job', urn: 'urn:job', props: { spec: {} } }))
      .toEqual({ apiVersion: 'batch/v1', kind: 'Job', spec: {} });
  });

  test('top-level fields other than spec are kept (a RuntimeClass\'s handler and scheduling)', () => {
    const manifest = manifestOf({
      type: 'kubernetes:node.k8s.io/v1:RuntimeClass',
      urn: 'urn:rc',
      props: { metadata: { name: 'hyperv' }, handler: 'runhcs-wcow-hypervisor', scheduling: { nodeSelector: { 'kubernetes.io/os': 'windows' } } },
    });
    expect(manifest?.handler).toBe('runhcs-wcow-hypervisor');
    expect(manifest?.scheduling).toEqual({ nodeSelector: { 'kubernetes.io/os': 'windows' } });
  });

  test('values unknown during preview are left out instead of failing the policy', () => {
    const props = proxy.unknownCheckingProxy({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: proxy.unknownStringValue, labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: proxy.unknownStringValue }] },
    });
    expect(() => props.metadata.name).toThrow(/can't be known during preview/);
    expect(manifestOf({ type: 'kubernetes:core/v1:Pod', urn: 'urn:pod', props })).toEqual({
      apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] },
    });
  });
});

describe('unit: resourceManifests', () => {
  test('keeps the Kubernetes objects in order with their URNs, skips everything else', () => {
    const manifests = resourceManifests([
      { type: 'pulumi:pulumi:Stack', urn: 'urn:stack', props: {} },
      { type: 'kubernetes:apps/v1:Deployment', urn: 'urn:a', props: { metadata: { name: 'a' } } },
      { type: 'kubernetes:yaml/v2:ConfigGroup', urn: 'urn:group', props: { resources: [] } },
      { type: 'kubernetes:core/v1:Service', urn: 'urn:b', props: { metadata: { name: 'b' } } },
    ]);
    expect(manifests.map(m => [m.urn, m.manifest.kind])).toEqual([['urn:a', 'Deployment'], ['urn:b', 'Service']]);
  });
});
