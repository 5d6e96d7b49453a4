// The library's output created (not dry-run) in a running control plane of the release it
// targets: kube-apiserver with admission (Pod Security, RuntimeClass), the controllers that
// make pods, and kube-scheduler placing them on kwok-managed Linux and Windows node pools
// (test/cluster/harness.ts). Every example app and every Windows construct variant, at 1.27 and
// 1.37; then what the cluster refuses or cannot place.
import { App, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { environmentFor } from './environment';
import { CLUSTER_RELEASES, ClusterRelease, clusterTestsEnabled, TestCluster, waitFor, WINDOWS_BUILDS } from './harness';
import { eventMessages, nodeBuild, nodeOs, placedPods, waitForBoundPods, waitForEvent } from './observe';
import { HyperVJobChart } from '../../examples/hyperv-job';
import { IisAppChart } from '../../examples/iis-app';
import { NodeAgentChart } from '../../examples/node-agent';
import { StatefulDbChart } from '../../examples/stateful-db';
import {
  HyperVIsolatedPod, KubernetesVersion, TargetProfile, WindowsCronJob, WindowsDaemonSet, WindowsDeployment,
  WindowsHostProcessDaemonSet, WindowsJob, WindowsPod, WindowsRules, WindowsRuntimeClass, WindowsServerVersion,
  WindowsNamespace, WindowsService, WindowsStatefulSet, Severity,
} from '../../src';
import { synthError, synthValid } from '../support/manifests';

// Pods take seconds to be made and placed; each wait below has its own, shorter, limit.
jest.setTimeout(300_000);

const RELEASES = CLUSTER_RELEASES.filter(clusterTestsEnabled);
const maybe = RELEASES.length > 0 ? describe : describe.skip;

const LTSC2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
const LTSC2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const LTSC2025 = 'mcr.microsoft.com/windows/server:ltsc2025';
const NANO2022 = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';
const TOLERATION = { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' };

/** One thing the library writes, created in a namespace of its own. */
interface Case {
  readonly name: string;
  /** The chart, for the release under test. */
  readonly chart: (release: ClusterRelease) => Chart;
  /** How many pods the controllers must make. */
  readonly pods: number;
  /** The Windows builds its pods may land on (the build its target or image needs). */
  readonly builds: string[];
  /** Its pods get their Windows scheduling from RuntimeClass admission, not from the template. */
  readonly viaRuntimeClass?: boolean;
}

/** A chart targeting `release` (and Windows Server 2022 unless `windowsServerVersion` says otherwise). */
function chartFor(release: ClusterRelease, id: string, windowsServerVersion: WindowsServerVersion | null = WindowsServerVersion.WS2022): Chart {
  const chart = new Chart(new App(), id);
  TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of(release), ...(windowsServerVersion ? { windowsServerVersion } : {}) });
  return chart;
}

const CASES: Case[] = [
  // The example apps, as they are (the IIS app pins its own target, 1.27).
  { name: 'example-iis-app', chart: () => new IisAppChart(new App(), 'iis-app'), pods: 2, builds: [WINDOWS_BUILDS.ws2022] },
  { name: 'example-hyperv-job', chart: () => new HyperVJobChart(new App(), 'jobs'), pods: 1, builds: [WINDOWS_BUILDS.ws2022], viaRuntimeClass: true },
  // One pod per Windows node, five (HostProcess agents run on every build).
  { name: 'example-node-agent', chart: () => new NodeAgentChart(new App(), 'agent'), pods: 5, builds: Object.values(WINDOWS_BUILDS) },
  { name: 'example-stateful-db', chart: () => new StatefulDbChart(new App(), 'db'), pods: 1, builds: [WINDOWS_BUILDS.ws2022] },
  // The six workloads.
  {
    name: 'deployment',
    pods: 2,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'web'); new WindowsDeployment(c, 'web', { replicas: 2, containers: [{ image: LTSC2022, portNumber: 80 }] }); return c; },
  },
  {
    name: 'deployment-build-from-image-2019',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2019],
    chart: r => { const c = chartFor(r, 'old', null); new WindowsDeployment(c, 'old', { replicas: 1, containers: [{ image: LTSC2019 }] }); return c; },
  },
  {
    name: 'deployment-ws2025',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2025],
    chart: r => { const c = chartFor(r, 'new', WindowsServerVersion.WS2025); new WindowsDeployment(c, 'new', { replicas: 1, containers: [{ image: LTSC2025 }] }); return c; },
  },
  {
    name: 'statefulset',
    pods: 2,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => {
      const c = chartFor(r, 'set');
      const service = new WindowsService(c, 'set-svc', { clusterIP: 'None', ports: [{ port: 80 }] });
      new WindowsStatefulSet(c, 'set', { service, replicas: 2, containers: [{ image: LTSC2022, portNumber: 80 }] });
      return c;
    },
  },
  // Two Windows Server 2022 nodes: the plain pool and the AKS-style one.
  {
    name: 'daemonset',
    pods: 2,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'ds'); new WindowsDaemonSet(c, 'ds', { containers: [{ image: NANO2022 }] }); return c; },
  },
  {
    name: 'job',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'job'); new WindowsJob(c, 'job', { containers: [{ image: LTSC2022, command: ['cmd', '/c', 'echo done'] }] }); return c; },
  },
  // The CronJob's pods come from a Job made from its template (kubectl create job --from).
  {
    name: 'cronjob',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'cron'); new WindowsCronJob(c, 'cron', { schedule: Cron.daily(), containers: [{ image: LTSC2022, command: ['cmd', '/c', 'echo tick'] }] }); return c; },
  },
  {
    name: 'pod',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'pod'); new WindowsPod(c, 'pod', { containers: [{ image: LTSC2022 }] }); return c; },
  },
  // WindowsService of each type, in front of a Deployment.
  {
    name: 'services',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => {
      const c = chartFor(r, 'svc');
      const web = new WindowsDeployment(c, 'web', { replicas: 1, containers: [{ image: LTSC2022, portNumber: 80 }] });
      for (const type of [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER]) {
        new WindowsService(c, type.toLowerCase(), { type, ports: [{ port: 80, targetPort: 80 }] }).select(web);
      }
      new WindowsService(c, 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }).select(web);
      new WindowsService(c, 'external', { type: kplus.ServiceType.EXTERNAL_NAME, externalName: 'legacy.contoso.com' });
      return c;
    },
  },
  // Hyper-V isolation through the RuntimeClass: an ltsc2019 image on a Windows Server 2022 node.
  {
    name: 'hyperv-isolated-pod',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    viaRuntimeClass: true,
    chart: r => { const c = chartFor(r, 'hv'); new HyperVIsolatedPod(c, 'hv', { containers: [{ image: LTSC2019 }] }); return c; },
  },
  // A RuntimeClass that pins Windows Server 2019: the Deployment's template has no build and no
  // toleration; RuntimeClass admission adds them to each pod.
  {
    name: 'runtimeclass-placement',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2019],
    viaRuntimeClass: true,
    chart: r => {
      const c = chartFor(r, 'rc', null);
      const runtimeClass = new WindowsRuntimeClass(c, 'rc', { metadata: { name: `windows-2019-${r.replace('.', '')}` }, windowsServerVersion: WindowsServerVersion.WS2019 });
      new WindowsDeployment(c, 'web', { replicas: 1, runtimeClass, containers: [{ image: LTSC2019 }] });
      return c;
    },
  },
  {
    name: 'hostprocess-daemonset',
    pods: 2,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'hpc'); new WindowsHostProcessDaemonSet(c, 'hpc', { containers: [{ image: NANO2022 }] }); return c; },
  },
  {
    name: 'gmsa',
    pods: 1,
    builds: [WINDOWS_BUILDS.ws2022],
    chart: r => { const c = chartFor(r, 'gmsa'); new WindowsDeployment(c, 'web', { replicas: 1, gmsaCredentialSpecName: 'webapp1', containers: [{ image: LTSC2022 }] }); return c; },
  },
];

maybe.each(RELEASES)('on a running %s control plane', release => {
  let cluster: TestCluster;
  const synthesized = new Map<string, any[]>();

  beforeAll(() => {
    cluster = TestCluster.start(release);
    // eslint-disable-next-line no-console
    console.log(`cluster ${release}: started in ${cluster.startSeconds.toFixed(1)}s, ${cluster.residentMiB()} MiB resident`);
    for (const c of CASES) {
      const manifests = synthValid(c.chart(release));
      synthesized.set(c.name, manifests);
      const namespace = `c-${c.name}`;
      const verdicts = cluster.create([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...environmentFor(manifests, namespace), ...manifests], namespace);
      const refused = verdicts.filter(v => v.status !== 'created');
      if (refused.length > 0) throw new Error(`${c.name}: ${refused.map(v => `${v.object.kind} ${v.object.metadata?.name}: ${v.message}`).join('; ')}`);
      for (const cron of manifests.filter(m => m.kind === 'CronJob')) {
        cluster.kubectlOk(['create', 'job', `${cron.metadata.name}-now`, `--from=cronjob/${cron.metadata.name}`, '-n', namespace]);
      }
    }
  }, 600_000);

  afterAll(() => cluster?.stop());

  describe.each(CASES.map(c => [c.name, c] as const))('%s', (_name, c) => {
    test('is created as synthesized, its controllers make its pods and each lands on a Windows node of the build it needs', () => {
      const namespace = `c-${c.name}`;
      waitForBoundPods(cluster, namespace, c.pods);
      const placed = placedPods(cluster, namespace);
      expect(placed).toHaveLength(c.pods);
      for (const { pod, node } of placed) {
        expect({ pod: pod.metadata.name, os: nodeOs(node), windows: node.status.nodeInfo.operatingSystem }).toEqual({ pod: pod.metadata.name, os: 'windows', windows: 'windows' });
        expect(c.builds).toContain(nodeBuild(node));
      }
    });

    if (c.viaRuntimeClass) {
      test('its pods get the Windows toleration (and any build) from RuntimeClass admission, not from the template', () => {
        const manifests = synthesized.get(c.name)!;
        const workload = manifests.find(m => !['RuntimeClass', 'Service', 'PersistentVolumeClaim'].includes(m.kind));
        const template = workload.kind === 'Pod' ? workload.spec : workload.spec.template.spec;
        const runtimeClass = manifests.find(m => m.kind === 'RuntimeClass' && m.metadata.name === template.runtimeClassName);
        expect(template.tolerations ?? []).not.toContainEqual(TOLERATION);
        expect(runtimeClass.scheduling.tolerations).toContainEqual(TOLERATION);
        for (const { pod } of placedPods(cluster, `c-${c.name}`)) {
          expect(pod.spec.tolerations).toContainEqual(TOLERATION);
          expect(pod.spec.nodeSelector).toEqual(expect.objectContaining(runtimeClass.scheduling.nodeSelector));
        }
      });
    }
  });

  test('the control plane listens on 127.0.0.1 only', () => {
    expect(cluster.listeningAddresses().filter(a => !a.startsWith('127.0.0.1:'))).toEqual([]);
  });

  test('the Services select the pods of their Deployment (EndpointSlices list the pod)', () => {
    let slices: any[] = [];
    waitFor(() => (slices = cluster.get('endpointslices', 'c-services').filter(s => (s.endpoints ?? []).length > 0)).length >= 4, 60, 'EndpointSlices with endpoints');
    const pod = placedPods(cluster, 'c-services')[0].pod;
    const services = new Set(slices.map(s => s.metadata.labels['kubernetes.io/service-name']));
    expect(services.size).toBe(4);
    for (const slice of slices) expect(slice.endpoints.map((e: any) => e.targetRef?.name)).toEqual([pod.metadata.name]);
  });

  test('no Linux pod is on a Windows node, and no Windows pod on a Linux node', () => {
    const nodes = cluster.get('nodes');
    const wrong = cluster.get('pods').filter(pod => pod.spec.nodeName).flatMap(pod => {
      const node = nodes.find(n => n.metadata.name === pod.spec.nodeName);
      const windowsPod = pod.spec.os?.name === 'windows' || pod.spec.nodeSelector?.['kubernetes.io/os'] === 'windows';
      return windowsPod === (nodeOs(node) === 'windows') ? [] : [`${pod.metadata.namespace}/${pod.metadata.name} on ${node.metadata.name}`];
    });
    expect(wrong).toEqual([]);
  });

  describe('what the cluster refuses or cannot place', () => {
    /** Creates `objects` in a new namespace (with `labels`) and returns the verdicts. */
    function createIn(namespace: string, objects: any[], labels: { [key: string]: string } = {}) {
      cluster.create([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } }]);
      return cluster.create(objects, namespace);
    }

    test('a Windows pod without the Windows toleration stays Pending when its only pool is tainted (2025): the scheduler names the untolerated taint (the engine cannot know the pools\' taints yet)', () => {
      const chart = chartFor(release, 'untolerated', WindowsServerVersion.WS2025);
      new WindowsPod(chart, 'pod', { tolerateWindowsTaint: false, containers: [{ image: LTSC2025 }] });
      const manifests = synthValid(chart);
      expect(WindowsRules.check(manifests, TargetProfile.resolve(chart)).filter(f => f.severity === Severity.ERROR)).toEqual([]);
      expect(createIn('neg-untolerated', manifests).map(v => v.status)).toEqual(['created']);
      const messages = waitForEvent(cluster, 'neg-untolerated', 'FailedScheduling');
      // The Windows Server 2025 node carries the taint; the untainted (AKS-style) pools are 2019
      // and 2022, so no node is left. The scheduler counts the tainted nodes as untolerated.
      expect(messages.join('\n')).toMatch(/0\/6 nodes are available: .*had untolerated taint/);
      expect(placedPods(cluster, 'neg-untolerated').map(p => p.pod.status.phase)).toEqual(['Pending']);
    });

    test('a pod selecting a Windows build no pool has (Windows Server 2016) stays Pending with FailedScheduling', () => {
      const chart = chartFor(release, 'nopool');
      new WindowsPod(chart, 'pod', { containers: [{ image: LTSC2022 }] });
      const [pod] = synthValid(chart);
      pod.spec.nodeSelector['node.kubernetes.io/windows-build'] = '10.0.14393';
      expect(createIn('neg-nopool', [pod]).map(v => v.status)).toEqual(['created']);
      const messages = waitForEvent(cluster, 'neg-nopool', 'FailedScheduling');
      expect(messages.join('\n')).toMatch(/didn't match Pod's node affinity\/selector/);
      expect(placedPods(cluster, 'neg-nopool').map(p => p.pod.status.phase)).toEqual(['Pending']);
    });

    test('an ltsc2019 image pinned to Windows Server 2022 is an engine error; the scheduler places it anyway (only the node\'s container runtime would refuse it)', () => {
      const chart = chartFor(release, 'mismatch');
      new WindowsPod(chart, 'pod', { containers: [{ image: LTSC2022 }] });
      const [pod] = synthValid(chart);
      pod.spec.containers[0].image = LTSC2019;
      const errors = WindowsRules.check([pod], TargetProfile.resolve(chart)).filter(f => f.severity === Severity.ERROR).map(f => f.rule);
      expect(errors).toContain('windows-image-build-mismatch');
      expect(createIn('neg-mismatch', [pod]).map(v => v.status)).toEqual(['created']);
      waitForBoundPods(cluster, 'neg-mismatch', 1);
      expect(nodeBuild(placedPods(cluster, 'neg-mismatch')[0].node)).toBe(WINDOWS_BUILDS.ws2022);
    });

    test.each(['psa-baseline', 'psa-baseline-pinned'])('Pod Security %s refuses a HostProcess pod at create', namespace => {
      const chart = chartFor(release, 'hpc');
      new WindowsPod(chart, 'agent', { hostProcess: true, containers: [{ image: NANO2022 }] });
      const [verdict] = cluster.create(synthValid(chart), namespace);
      expect(verdict.status).toBe('rejected');
      const version = namespace.endsWith('pinned') ? `v${release}` : 'latest';
      expect(verdict.message).toContain(`violates PodSecurity "baseline:${version}"`);
      expect(verdict.message).toContain('hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)');
    });

    test('Pod Security restricted: the engine refuses the default IIS Deployment with the check the cluster refuses its pods with', () => {
      // Synthesis fails first: the chart with a Namespace labelled restricted holding the Deployment.
      const failing = new IisAppChart(new App(), 'iis-restricted', { namespace: 'iis-restricted' });
      new kplus.Namespace(failing, 'ns', { metadata: { name: 'iis-restricted', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
      const synthesisError = synthError(failing);
      expect(synthesisError).toContain('[error] pod-security-enforce');
      expect(synthesisError).toContain('check runAsNonRoot (runAsNonRoot != true');

      // The same objects, given to the engine at this release, and created in the cluster.
      const manifests = synthValid(new IisAppChart(new App(), 'iis-restricted')).map(m => ({ ...m, metadata: { ...m.metadata, namespace: 'iis-restricted' } }));
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'iis-restricted', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
      const target = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release), windowsServerVersion: WindowsServerVersion.WS2022 });
      const findings = WindowsRules.check([ns, ...manifests], target).filter(f => f.severity === Severity.ERROR);
      expect(findings.map(f => f.rule)).toEqual(['pod-security-enforce']);
      // `failing check runAsNonRoot (runAsNonRoot != true: container "iis" must not set securityContext.runAsNonRoot=false)`:
      // the library writes runAsNonRoot: false on the administrator container (the sidecar is non-root).
      const [, reason, detail] = /failing check runAsNonRoot \((runAsNonRoot != true): (.*?)\)\./.exec(findings[0].message)!;
      expect(detail).toContain('container "iis"');

      const verdicts = cluster.create([ns, ...manifests]);
      // The Deployment is accepted (with a warning); the ReplicaSet's pods are refused.
      expect(verdicts.map(v => v.status)).toEqual(['created', 'created', 'created']);
      const messages = waitForEvent(cluster, 'iis-restricted', 'FailedCreate', 'ReplicaSet');
      // The cluster's refusal names the same check, with the same words, and nothing else.
      expect(messages[0]).toMatch(/violates PodSecurity "restricted:latest": (.*)$/);
      expect(/violates PodSecurity "restricted:latest": (.*)$/.exec(messages[0])![1]).toBe(`${reason} (${detail})`);
      expect(cluster.get('pods', 'iis-restricted')).toEqual([]);
    });

    test('WindowsNamespace: the labels it computes admit every pod of what it holds (IIS, a HostProcess DaemonSet, a ContainerUser Deployment)', () => {
      const chart = chartFor(release, 'wns');
      const place = (name: string) => ({ metadata: { namespace: new WindowsNamespace(chart, name, { metadata: { name } }).name } });
      new WindowsDeployment(chart, 'iis', { ...place('wns-iis'), replicas: 1, containers: [{ name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', portNumber: 80 }] });
      new WindowsHostProcessDaemonSet(chart, 'agent', { ...place('wns-agent'), containers: [{ image: NANO2022 }] });
      new WindowsDeployment(chart, 'web', { ...place('wns-web'), replicas: 1, containers: [{ image: LTSC2022, portNumber: 80 }] });
      const manifests = synthValid(chart);
      const levelOf = (name: string) => manifests.find(m => m.kind === 'Namespace' && m.metadata.name === name).metadata.labels;
      const expected = { 'wns-iis': 'baseline', 'wns-agent': 'privileged', 'wns-web': 'restricted' };
      for (const [name, level] of Object.entries(expected)) {
        expect(levelOf(name)).toEqual(expect.objectContaining({
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': `v${release}`,
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/audit': level,
        }));
      }
      const namespaces = manifests.filter(m => m.kind === 'Namespace');
      expect(cluster.create(namespaces).map(v => v.status)).toEqual(['created', 'created', 'created']);
      for (const name of Object.keys(expected)) {
        waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', name]).status === 0, 60, `the default ServiceAccount of ${name}`);
      }
      const created = cluster.create(manifests.filter(m => m.kind !== 'Namespace'));
      expect(created.filter(v => v.status !== 'created')).toEqual([]);
      // One IIS pod, an agent on each Windows Server 2022 node (two), one web pod; no refusal, no warning.
      const pods = { 'wns-iis': 1, 'wns-agent': 2, 'wns-web': 1 };
      for (const [name, count] of Object.entries(pods)) waitForBoundPods(cluster, name, count);
      for (const name of Object.keys(pods)) {
        expect({ name, refusals: eventMessages(cluster, name, 'FailedCreate') }).toEqual({ name, refusals: [] });
        expect({ name, pods: placedPods(cluster, name).length }).toEqual({ name, pods: pods[name as keyof typeof pods] });
      }
    });

    test('the default WindowsDeployment (ContainerUser, runAsNonRoot) runs in privileged, baseline and restricted namespaces, latest and pinned', () => {
      const namespaces = ['psa-privileged', 'psa-baseline', 'psa-restricted', 'psa-restricted-pinned'];
      for (const namespace of namespaces) {
        const chart = chartFor(release, `plain-${namespace}`);
        new WindowsDeployment(chart, 'web', { replicas: 1, containers: [{ image: LTSC2022 }] });
        expect(cluster.create(synthValid(chart), namespace).map(v => v.status)).toEqual(['created']);
      }
      const outcome = (namespace: string) => {
        const pods = cluster.get('pods', namespace).filter(p => p.metadata.name.startsWith('plain-'));
        const refusals = eventMessages(cluster, namespace, 'FailedCreate').filter(m => m.includes('plain-'));
        return pods.length > 0 && pods.every(p => p.spec.nodeName) ? 'bound' : refusals.length > 0 ? `refused: ${refusals[0]}` : undefined;
      };
      waitFor(() => namespaces.every(outcome), 90, 'the pods of the default WindowsDeployment, or their refusal');
      expect(namespaces.map(ns => [ns, outcome(ns)])).toEqual(namespaces.map(ns => [ns, 'bound']));
    });
  });

  test('stopping the cluster leaves no process behind', () => {
    const rss = cluster.residentMiB();
    cluster.stop();
    // eslint-disable-next-line no-console
    console.log(`cluster ${release}: ${rss} MiB resident before stopping`);
    expect(cluster.strayProcesses()).toEqual([]);
  });
});

if (RELEASES.length === 0) {
  test('cluster tests skipped: Go is not installed', () => expect(RELEASES).toEqual([]));
}

