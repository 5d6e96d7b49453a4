// Property: any combination of props either fails synthesis with a rule error, or yields
// manifests that pass the schema, the upstream API-server validation and the rule engine.
import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  ContainerRuntime, HyperVIsolatedPod, Isolation, KubernetesVersion, TargetProfile, WindowsCronJob,
  WindowsDaemonSet, WindowsDeployment, WindowsHostProcessDaemonSet, WindowsJob, WindowsPod, WindowsRules,
  WindowsServerVersion, WindowsService, WindowsStatefulSet, Severity, IpFamily, ExternalTrafficPolicy, SessionAffinity,
} from '../../src';
import { CATALOG } from '../../src/engine/catalog';
import { manifestProblems } from '../support/manifests';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);
const RULE_NAMES = CATALOG.map(r => r.name);

/** Mostly undefined (the default), sometimes a value: keeps most scenarios valid so both branches are exercised. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary, weight: 1 });
}

const images = fc.constantFrom(
  'mcr.microsoft.com/windows/servercore:ltsc2019',
  'mcr.microsoft.com/windows/servercore:ltsc2022',
  'mcr.microsoft.com/windows/nanoserver:ltsc2022',
  'mcr.microsoft.com/windows/server:ltsc2025',
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
  'contoso.azurecr.io/app:1.0',
);

const securityContext = fc.record({
  privileged: fc.option(fc.boolean(), { nil: undefined }),
  readOnlyRootFilesystem: fc.option(fc.boolean(), { nil: undefined }),
  allowPrivilegeEscalation: fc.option(fc.boolean(), { nil: undefined }),
  ensureNonRoot: fc.option(fc.boolean(), { nil: undefined }),
  user: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
}, { requiredKeys: [] });

const container = fc.record({
  image: images,
  portNumber: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  securityContext: rarely(securityContext),
  /** Memory limit and how far below it the request is (mostly 0: request = limit). */
  memoryMiB: fc.option(fc.tuple(
    fc.integer({ min: 64, max: 4096 }),
    fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 2048 }), weight: 1 }),
  ), { nil: undefined }),
  probe: fc.constantFrom('none', 'http', 'tcp', 'command'),
  mount: fc.oneof({ arbitrary: fc.constantFrom('none', 'emptyDir', 'configMap', 'secret', 'namedPipe'), weight: 6 }, { arbitrary: fc.constant('memoryEmptyDir'), weight: 1 }),
  subPath: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
});

const profile = fc.record({
  minor: fc.integer({ min: 20, max: 37 }),
  windows: rarely(fc.constantFrom(WindowsServerVersion.WS2019, WindowsServerVersion.WS2022, WindowsServerVersion.WS2025)),
  dockerEe: fc.boolean(),
  hyperv: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});

const service = fc.option(fc.record({
  type: fc.constantFrom(kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER),
  ipv6Only: fc.boolean(),
  local: fc.boolean(),
  clientIp: fc.boolean(),
}), { nil: undefined });

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'HyperVIsolatedPod', 'HostProcessDaemonSet'] as const;

const scenario = fc.record({
  kind: fc.constantFrom(...KINDS),
  containers: fc.array(container, { minLength: 1, maxLength: 3 }),
  /** Most pods use one image build for every container, as real pods do. */
  sameImage: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  initContainer: fc.boolean(),
  profile,
  service,
  runAsUserName: fc.oneof({ arbitrary: fc.constantFrom(undefined, 'ContainerUser', 'ContainerAdministrator', 'NT AUTHORITY\\SYSTEM'), weight: 5 }, { arbitrary: fc.constantFrom('a\\b\\c', ''), weight: 1 }),
  gmsa: fc.oneof({ arbitrary: fc.constantFrom(undefined, 'webapp1'), weight: 5 }, { arbitrary: fc.constant('Not_A_DNS_Name'), weight: 1 }),
  hostNetwork: rarely(fc.boolean()),
  terminationGraceSeconds: rarely(fc.integer({ min: 0, max: 120 })),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function targetOf(s: Scenario) {
  const dockerEe = s.profile.dockerEe && s.profile.minor <= 23;
  return {
    kubernetesVersion: KubernetesVersion.fromMinor(s.profile.minor),
    windowsServerVersion: s.profile.windows,
    runtime: dockerEe ? ContainerRuntime.DOCKER_EE : ContainerRuntime.CONTAINERD,
    isolation: s.profile.hyperv ? Isolation.HYPERV : Isolation.PROCESS,
  };
}

function build(chart: Chart, s: Scenario): void {
  const volumes: { [kind: string]: kplus.Volume } = {
    emptyDir: kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch'),
    memoryEmptyDir: kplus.Volume.fromEmptyDir(chart, 'ram', 'ram', { medium: kplus.EmptyDirMedium.MEMORY }),
    configMap: kplus.Volume.fromConfigMap(chart, 'cfg', new kplus.ConfigMap(chart, 'config', { data: { a: 'b' } })),
    secret: kplus.Volume.fromSecret(chart, 'sec', new kplus.Secret(chart, 'secret', { stringData: { a: 'b' } })),
    namedPipe: kplus.Volume.fromHostPath(chart, 'pipe', 'pipe', { path: '\\\\.\\pipe\\docker_engine' }),
  };
  const containers: kplus.ContainerProps[] = s.containers.map((c, i) => ({
    name: `c${i}`,
    image: s.sameImage ? s.containers[0].image : c.image,
    portNumber: c.portNumber === undefined ? undefined : c.portNumber + i > 65535 ? undefined : c.portNumber,
    securityContext: c.securityContext,
    resources: c.memoryMiB ? {
      memory: { limit: Size.mebibytes(c.memoryMiB[0]), request: Size.mebibytes(Math.max(1, c.memoryMiB[0] - c.memoryMiB[1])) },
    } : undefined,
    readiness: s.kind.includes('Job') || c.probe === 'none' ? undefined
      : c.probe === 'http' ? kplus.Probe.fromHttpGet('/', { port: 80 })
        : c.probe === 'tcp' ? kplus.Probe.fromTcpSocket({ port: 80 }) : kplus.Probe.fromCommand(['cmd', '/c', 'exit 0']),
    volumeMounts: c.mount === 'none' ? undefined : [{ path: `C:\\mnt\\${c.mount}`, volume: volumes[c.mount], subPath: c.subPath ? 'sub' : undefined }],
    lifecycle: undefined,
  }));
  // Distinct ports only: cdk8s-plus refuses duplicates itself.
  const seen = new Set<number>();
  for (const c of containers as any[]) {
    if (c.portNumber !== undefined && seen.has(c.portNumber)) c.portNumber = undefined;
    if (c.portNumber !== undefined) seen.add(c.portNumber);
  }
  const props: any = {
    ...targetOf(s),
    containers,
    initContainers: s.initContainer ? [{ image: s.containers[0].image, name: 'setup' }] : undefined,
    runAsUserName: s.runAsUserName,
    gmsaCredentialSpecName: s.gmsa,
    hostNetwork: s.hostNetwork,
    terminationGracePeriod: s.terminationGraceSeconds === undefined ? undefined : Duration.seconds(s.terminationGraceSeconds),
  };
  const restartNever = { ...props, restartPolicy: kplus.RestartPolicy.NEVER };
  let workload: kplus.AbstractPod;
  switch (s.kind) {
    case 'Deployment': workload = new WindowsDeployment(chart, 'w', props); break;
    case 'StatefulSet': workload = new WindowsStatefulSet(chart, 'w', { ...props, service: new WindowsService(chart, 'headless', { ...targetOf(s), clusterIP: 'None', ports: [{ port: 80 }] }) }); break;
    case 'DaemonSet': workload = new WindowsDaemonSet(chart, 'w', props); break;
    case 'HostProcessDaemonSet': workload = new WindowsHostProcessDaemonSet(chart, 'w', props); break;
    case 'Job': workload = new WindowsJob(chart, 'w', restartNever); break;
    case 'CronJob': workload = new WindowsCronJob(chart, 'w', { ...restartNever, schedule: Cron.daily() }); break;
    case 'Pod': workload = new WindowsPod(chart, 'w', props); break;
    case 'HyperVIsolatedPod': workload = new HyperVIsolatedPod(chart, 'w', { ...props, isolation: undefined }); break;
  }
  if (s.service && s.kind !== 'StatefulSet') {
    const svc = new WindowsService(chart, 'svc', {
      ...targetOf(s),
      type: s.service.type,
      ports: [{ port: 80 }],
      ipFamilies: s.service.ipv6Only ? [IpFamily.IPV6] : undefined,
      externalTrafficPolicy: s.service.local && s.service.type !== kplus.ServiceType.CLUSTER_IP ? ExternalTrafficPolicy.LOCAL : undefined,
      sessionAffinity: s.service.clientIp ? SessionAffinity.CLIENT_IP : undefined,
    });
    svc.select(workload);
  }
}

/** Construction errors that are the library refusing bad input clearly (not crashes). */
const CLEAR_REFUSALS = [
  /legacy Hyper-V annotation needs Kubernetes 1.20 or older/,
  /Docker EE runtime needs Kubernetes 1.23/,
  /cannot be false/,
];

test('random Windows workloads either fail synthesis with a rule error or pass every validator', () => {
  // eslint-disable-next-line no-console
  console.log(`property seed: ${SEED} (replay with PROPERTY_SEED=${SEED})`);
  let synthesized = 0;
  let refusedByRules = 0;
  fc.assert(fc.property(scenario, (s) => {
    const chart = Testing.chart();
    try {
      build(chart, s);
    } catch (e) {
      const message = String((e as Error).message);
      if (CLEAR_REFUSALS.some(r => r.test(message))) return;
      throw e;
    }
    let manifests: any[];
    try {
      manifests = Testing.synth(chart);
    } catch (e) {
      const message = String((e as Error).message);
      // A refusal must name a catalog rule and carry a fix.
      expect(message).toMatch(/Validation failed/);
      expect(RULE_NAMES.some(name => message.includes(` ${name} `))).toBe(true);
      expect(message).toContain('fix:');
      refusedByRules++;
      return;
    }
    synthesized++;
    expect(manifestProblems(manifests)).toEqual([]);
    const target = TargetProfile.of(targetOf(s) as any);
    // RuntimeClasses stay in: a Hyper-V RuntimeClass is what tells the rules a pod is Hyper-V isolated.
    const workloads = manifests.filter(m => m.kind !== 'ConfigMap' && m.kind !== 'Secret');
    const errors = WindowsRules.check(workloads, target).filter(f => f.severity === Severity.ERROR && !f.suppressedReason);
    expect(errors).toEqual([]);
  }), { seed: SEED, numRuns: RUNS });
  // eslint-disable-next-line no-console
  console.log(`property: ${synthesized} synthesized and valid, ${refusedByRules} refused by rules`);
  expect(synthesized).toBeGreaterThan(0);
  expect(refusedByRules).toBeGreaterThan(0);
});
