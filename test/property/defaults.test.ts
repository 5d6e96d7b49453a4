// Property: the library's defaults never fail valid code. Random workloads built only from
// supported settings (mixed IIS/ASP.NET/WCF and plain Windows images in one pod, explicit
// per-container ensureNonRoot and accounts, pod-level accounts, gMSA, probes, ConfigMap volumes,
// tolerations, node affinity, explicit resources; every workload kind; targets 1.25-1.37 on
// Windows Server 2019 and 2022) synthesize with no error, every manifest is valid for both
// API-server validators, and every explicit setting is in the manifest unchanged. The one
// exception is a conflict the user wrote (an explicit administrator account with an explicit
// runAsNonRoot: true), which must fail synthesis with the rule that says so.
import { Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  KubernetesVersion, WindowsCronJob, WindowsDaemonSet, WindowsDeployment, WindowsJob, WindowsPod,
  WindowsServerVersion, WindowsService, WindowsStatefulSet,
} from '../../src';
import { findPodSpec } from '../../src/model/manifest';
import { schemaErrors, upstreamValidationEnabled } from '../support/manifests';
import { UpstreamRelease, validateUpstream } from '../support/upstream-validator';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

const ADMIN = 'ContainerAdministrator';
const BUILD_LABEL = 'node.kubernetes.io/windows-build';

/** Images by Windows build: the ones IIS ServiceMonitor starts (need ContainerAdministrator) and plain ones. */
const IMAGES = {
  2019: {
    build: '10.0.17763',
    version: WindowsServerVersion.WS2019,
    admin: [
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
      'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019',
      'mcr.microsoft.com/dotnet/framework/wcf:4.8-windowsservercore-ltsc2019',
    ],
    plain: [
      'mcr.microsoft.com/windows/servercore:ltsc2019',
      'mcr.microsoft.com/windows/nanoserver:1809',
      'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809',
      'mcr.microsoft.com/dotnet/runtime:8.0-windowsservercore-ltsc2019',
    ],
  },
  2022: {
    build: '10.0.20348',
    version: WindowsServerVersion.WS2022,
    admin: [
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022',
      'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
      'mcr.microsoft.com/dotnet/framework/wcf:4.8-windowsservercore-ltsc2022',
    ],
    plain: [
      'mcr.microsoft.com/windows/servercore:ltsc2022',
      'mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022',
      'mcr.microsoft.com/dotnet/runtime:8.0-windowsservercore-ltsc2022',
    ],
  },
} as const;

const account = fc.constantFrom(undefined, undefined, 'ContainerUser', ADMIN);
const nonRoot = fc.constantFrom(undefined, undefined, undefined, true, false);

const container = fc.record({
  /** An image that needs ContainerAdministrator, or a plain one (an index into the build's list). */
  admin: fc.boolean(),
  image: fc.nat(),
  ensureNonRoot: nonRoot,
  /** The container's own account (`runAsUserName` on its props). */
  runAsUserName: PER_CONTAINER_ACCOUNTS() ? account : fc.constant(undefined),
  probe: fc.constantFrom('none', 'http', 'tcp', 'command'),
  configMap: fc.boolean(),
  /** Explicit resources with request = limit (MiB), or the defaults. */
  memoryMiB: fc.option(fc.integer({ min: 128, max: 4096 }), { nil: undefined }),
  /** Added with addContainer after construction rather than in the `containers` prop. */
  added: fc.boolean(),
});

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const;

const scenario = fc.record({
  kind: fc.constantFrom(...KINDS),
  containers: fc.array(container, { minLength: 1, maxLength: 3 }),
  initContainer: fc.option(container, { nil: undefined }),
  build: fc.constantFrom(2019 as const, 2022 as const),
  /** Whether the target names the Windows Server version (else the images pin the build). */
  pinTarget: fc.boolean(),
  minor: fc.integer({ min: 25, max: 37 }),
  runAsUserName: account,
  ensureNonRoot: nonRoot,
  gmsa: fc.constantFrom(undefined, 'webapp1'),
  /** A toleration of the user's own. */
  toleration: fc.boolean(),
  /** A node affinity of the user's own to the build the images need. */
  affinityBuild: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
type ContainerScenario = Scenario['containers'][number];

/** Per-container accounts need the per-container option (off to replay the test on code without it). */
function PER_CONTAINER_ACCOUNTS(): boolean {
  return process.env.PROPERTY_NO_CONTAINER_ACCOUNTS === undefined;
}

function imageOf(s: Scenario, c: ContainerScenario): string {
  const list = c.admin ? IMAGES[s.build].admin : IMAGES[s.build].plain;
  return list[c.image % list.length];
}

function containerProps(chart: Chart, s: Scenario, c: ContainerScenario, name: string, init: boolean): any {
  const probe = init || s.kind === 'Job' || s.kind === 'CronJob' || c.probe === 'none' ? undefined
    : c.probe === 'http' ? kplus.Probe.fromHttpGet('/', { port: 80 })
      : c.probe === 'tcp' ? kplus.Probe.fromTcpSocket({ port: 80 }) : kplus.Probe.fromCommand(['cmd', '/c', 'exit 0']);
  const config = c.configMap
    ? kplus.Volume.fromConfigMap(chart, `cfg-${name}`, new kplus.ConfigMap(chart, `config-${name}`, { data: { 'app.config': '<configuration/>' } }))
    : undefined;
  return {
    name,
    image: imageOf(s, c),
    securityContext: c.ensureNonRoot === undefined ? undefined : { ensureNonRoot: c.ensureNonRoot },
    ...(c.runAsUserName === undefined ? {} : { runAsUserName: c.runAsUserName }),
    liveness: probe,
    resources: c.memoryMiB === undefined ? undefined : {
      memory: { limit: Size.mebibytes(c.memoryMiB), request: Size.mebibytes(c.memoryMiB) },
      cpu: { limit: kplus.Cpu.millis(500), request: kplus.Cpu.millis(500) },
    },
    volumeMounts: config ? [{ path: `C:\\config\\${name}`, volume: config }] : undefined,
  };
}

function build(chart: Chart, s: Scenario): kplus.AbstractPod & { scheduling: kplus.PodScheduling } {
  const target = {
    kubernetesVersion: KubernetesVersion.fromMinor(s.minor),
    windowsServerVersion: s.pinTarget ? IMAGES[s.build].version : undefined,
  };
  const fromProps = s.containers.filter(c => !c.added);
  const props: any = {
    ...target,
    containers: fromProps.map(c => containerProps(chart, s, c, `c${s.containers.indexOf(c)}`, false)),
    runAsUserName: s.runAsUserName,
    securityContext: s.ensureNonRoot === undefined ? undefined : { ensureNonRoot: s.ensureNonRoot },
    gmsaCredentialSpecName: s.gmsa,
  };
  const restartNever = { ...props, restartPolicy: kplus.RestartPolicy.NEVER };
  let workload: any;
  switch (s.kind) {
    case 'Deployment': workload = new WindowsDeployment(chart, 'w', props); break;
    case 'StatefulSet': workload = new WindowsStatefulSet(chart, 'w', { ...props, service: new WindowsService(chart, 'headless', { ...target, clusterIP: 'None', ports: [{ port: 80 }] }) }); break;
    case 'DaemonSet': workload = new WindowsDaemonSet(chart, 'w', props); break;
    case 'Job': workload = new WindowsJob(chart, 'w', restartNever); break;
    case 'CronJob': workload = new WindowsCronJob(chart, 'w', { ...restartNever, schedule: Cron.daily() }); break;
    case 'Pod': workload = new WindowsPod(chart, 'w', props); break;
  }
  s.containers.forEach((c, i) => { if (c.added) workload.addContainer(containerProps(chart, s, c, `c${i}`, false)); });
  if (s.initContainer) workload.addInitContainer(containerProps(chart, s, s.initContainer, 'setup', true));
  if (s.toleration) workload.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.is('dedicated', 'web', { effect: kplus.TaintEffect.NO_SCHEDULE })));
  if (s.affinityBuild) workload.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(BUILD_LABEL, IMAGES[s.build].build)));
  return workload;
}

/** Every container of the scenario with the name it gets, in manifest order per list. */
function containersOf(s: Scenario): Array<{ name: string; c: ContainerScenario; list: 'containers' | 'initContainers' }> {
  const fromProps = s.containers.map((c, i) => ({ name: `c${i}`, c, list: 'containers' as const })).filter(x => !x.c.added);
  const added = s.containers.map((c, i) => ({ name: `c${i}`, c, list: 'containers' as const })).filter(x => x.c.added);
  const init = s.initContainer ? [{ name: 'setup', c: s.initContainer, list: 'initContainers' as const }] : [];
  return [...fromProps, ...added, ...init];
}

/** Whether the user wrote a conflict: an explicit administrator account with an explicit runAsNonRoot: true. */
function writtenConflict(s: Scenario): string | undefined {
  for (const { name, c } of containersOf(s)) {
    const user = c.runAsUserName ?? s.runAsUserName;
    const nonRootSet = c.ensureNonRoot ?? s.ensureNonRoot;
    if (user === ADMIN && nonRootSet === true) return name;
  }
  return undefined;
}

/** What of the user's explicit settings is missing or changed in the pod spec (one line each). */
function lostSettings(s: Scenario, spec: any): string[] {
  const lost: string[] = [];
  const expectEqual = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) lost.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  const podSecurity = spec.securityContext ?? {};
  if (s.runAsUserName !== undefined) expectEqual('pod runAsUserName', podSecurity.windowsOptions?.runAsUserName, s.runAsUserName);
  if (s.ensureNonRoot !== undefined) expectEqual('pod runAsNonRoot', podSecurity.runAsNonRoot, s.ensureNonRoot);
  if (s.gmsa !== undefined) expectEqual('pod gmsaCredentialSpecName', podSecurity.windowsOptions?.gmsaCredentialSpecName, s.gmsa);
  for (const { name, c, list } of containersOf(s)) {
    const found = (spec[list] ?? []).find((x: any) => x.name === name);
    if (!found) {
      lost.push(`${list} '${name}' is missing`);
      continue;
    }
    const own = found.securityContext ?? {};
    expectEqual(`${name} image`, found.image, imageOf(s, c));
    if (c.ensureNonRoot !== undefined) expectEqual(`${name} runAsNonRoot`, own.runAsNonRoot, c.ensureNonRoot);
    if (c.runAsUserName !== undefined) expectEqual(`${name} runAsUserName`, own.windowsOptions?.runAsUserName, c.runAsUserName);
    if (c.memoryMiB !== undefined) {
      expectEqual(`${name} resources`, found.resources, {
        limits: { cpu: '500m', memory: `${c.memoryMiB}Mi` },
        requests: { cpu: '500m', memory: `${c.memoryMiB}Mi` },
      });
    }
    if (c.configMap) expectEqual(`${name} ConfigMap mount`, found.volumeMounts?.[0]?.mountPath, `C:\\config\\${name}`);
    const probed = list === 'containers' && s.kind !== 'Job' && s.kind !== 'CronJob' && c.probe !== 'none';
    if (probed && !found.livenessProbe) lost.push(`${name} livenessProbe is missing`);
  }
  if (s.toleration && !(spec.tolerations ?? []).some((t: any) => t.key === 'dedicated' && t.value === 'web')) lost.push('toleration dedicated=web is missing');
  if (s.affinityBuild) {
    const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    const expressions = terms.flatMap((t: any) => t.matchExpressions ?? []);
    if (!expressions.some((e: any) => e.key === BUILD_LABEL && e.values?.includes(IMAGES[s.build].build))) lost.push('node affinity to the build is missing');
    // A default nodeSelector must not contradict the user's affinity.
    const selected = spec.nodeSelector?.[BUILD_LABEL];
    if (selected !== undefined && selected !== IMAGES[s.build].build) lost.push(`nodeSelector ${BUILD_LABEL}: ${selected} contradicts the affinity`);
  }
  return lost;
}

/** How a case is named in a failure: enough to rebuild it. */
function describeCase(s: Scenario): string {
  return JSON.stringify(s);
}

test('defaults never fail supported settings, and explicit settings survive or fail with a rule', () => {
  // eslint-disable-next-line no-console
  console.log(`property seed: ${SEED} (replay with PROPERTY_SEED=${SEED} PROPERTY_RUNS=${RUNS})`);
  const synthesized: Array<{ s: Scenario; manifests: any[] }> = [];
  let conflicts = 0;
  // Synthesis prints warnings (image-needs-administrator for an IIS container told to run as
  // ContainerUser) to stderr: hundreds of cases would bury the result.
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    fc.assert(fc.property(scenario, (s) => {
      const chart = Testing.chart();
      const conflict = writtenConflict(s);
      let manifests: any[];
      try {
        build(chart, s);
        manifests = Testing.synth(chart);
      } catch (e) {
        const message = String((e as Error).message);
        if (conflict !== undefined && message.includes('run-as-non-root-conflict') && message.includes(`'${conflict}'`)) {
          conflicts++;
          return;
        }
        throw new Error(`${conflict === undefined ? 'supported settings failed' : `conflict in '${conflict}' failed otherwise`}: ${message}\ncase: ${describeCase(s)}`);
      }
      if (conflict !== undefined) throw new Error(`an explicit administrator account with explicit runAsNonRoot: true in '${conflict}' synthesized\ncase: ${describeCase(s)}`);
      const workload = manifests.find(m => m.kind !== 'ConfigMap' && m.kind !== 'Service');
      const pod = findPodSpec(workload);
      if (!pod) throw new Error(`no pod spec in ${workload?.kind}\ncase: ${describeCase(s)}`);
      const lost = lostSettings(s, pod.spec);
      if (lost.length > 0) throw new Error(`explicit settings lost: ${lost.join('; ')}\ncase: ${describeCase(s)}`);
      synthesized.push({ s, manifests });
    }), { seed: SEED, numRuns: RUNS });
  } finally {
    stderr.mockRestore();
  }

  // Every manifest against the schema and both API-server validators, in one batch per release.
  const all = synthesized.flatMap(({ s, manifests }) => manifests.map(manifest => ({ s, manifest })));
  const problems: string[] = [];
  for (const { s, manifest } of all) {
    for (const error of schemaErrors(manifest)) problems.push(`${manifest.kind}: schema: ${error}\ncase: ${describeCase(s)}`);
  }
  if (upstreamValidationEnabled()) {
    for (const release of ['1.27', '1.37'] as UpstreamRelease[]) {
      for (const verdict of validateUpstream(all.map(x => x.manifest), release)) {
        if (verdict.status === 'valid') continue;
        const detail = verdict.status === 'invalid' ? verdict.errors.map(e => e.message).join('; ') : `skipped: ${verdict.reason}`;
        problems.push(`${verdict.kind}/${verdict.name}: apiserver ${release}: ${detail}\ncase: ${describeCase(all[verdict.index].s)}`);
      }
    }
  }
  // eslint-disable-next-line no-console
  console.log(`defaults property: ${synthesized.length} synthesized (${all.length} manifests validated), ${conflicts} written conflicts refused by run-as-non-root-conflict`);
  expect(problems).toEqual([]);
  expect(synthesized.length).toBeGreaterThan(0);
});
