// Property: the command-line checker and the in-memory API (`checkObjects`, which `checkChart`,
// the validation plugin and synthesis use) give the same findings for the same objects. Both go
// through the one check plan (src/engine/check-plan.ts); the checker streams the input and keeps
// skeletons of workloads for the Services checked at the end, the API has every object at hand.
import { Readable } from 'stream';
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { KubernetesVersion, TargetProfile, WindowsServerVersion } from '../../src';
import { check } from '../../src/cli/run';
import { checkObjects } from '../../src/engine/check-plan';
import { service, windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

/** Pod specs bent in ways that trigger rules of every section, Windows-placed or not. */
const podSpec = fc.record({
  placed: fc.boolean(),
  runtimeClass: fc.constantFrom(undefined, 'windows-hyperv', 'plain'),
  hostProcess: fc.boolean(),
  privileged: fc.boolean(),
  hostNetwork: fc.boolean(),
  image: fc.constantFrom('mcr.microsoft.com/windows/servercore:ltsc2019', 'mcr.microsoft.com/windows/nanoserver:ltsc2022', 'nginx:1.27', 'contoso.azurecr.io/app:1'),
  claim: fc.boolean(),
  memoryRequestBelowLimit: fc.boolean(),
}).map(p => {
  const securityContext: any = p.privileged ? { privileged: false } : undefined;
  const spec = windowsPodSpec({
    hostNetwork: p.hostNetwork || undefined,
    runtimeClassName: p.runtimeClass,
    containers: [windowsContainer({
      image: p.image,
      securityContext: p.hostProcess ? { ...securityContext, windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } : securityContext,
      resources: p.memoryRequestBelowLimit ? { limits: { memory: '2Gi' }, requests: { memory: '1Gi' } } : undefined,
      volumeMounts: p.claim ? [{ name: 'data', mountPath: 'C:\\data' }] : undefined,
    })],
    volumes: p.claim ? [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] : undefined,
  });
  if (!p.placed) {
    delete spec.os;
    delete spec.nodeSelector;
    delete spec.tolerations;
  }
  return spec;
});

// A workload in the namespace `shop` (whose Namespace, with Pod Security labels, may come before
// or after it, or not at all) is judged by the Pod Security rules at the end of the checker's input.
const workload = fc.tuple(fc.constantFrom('Deployment', 'Pod', 'CronJob'), podSpec, fc.constantFrom('web', 'api', 'job'), fc.constantFrom(undefined, 'shop'))
  .map(([kind, spec, app, namespace]) => {
    const object: any = kind === 'Deployment' ? windowsDeployment(spec, app)
      : kind === 'Pod' ? { ...windowsPod({ ...spec, restartPolicy: 'Always' }, app), metadata: { name: app, labels: { app } } }
        : windowsCronJob({ ...spec, restartPolicy: 'OnFailure' }, app);
    return namespace ? { ...object, metadata: { ...object.metadata, namespace } } : object;
  });

const serviceObject = fc.tuple(fc.constantFrom('web', 'api', 'nothing'), fc.constantFrom(undefined, ['IPv6']), fc.boolean()).map(([app, ipFamilies, local]) =>
  service({ selector: { app }, ipFamilies, ...(local ? { type: 'NodePort', externalTrafficPolicy: 'Local' } : {}) }, `svc-${app}`));

const contextObject = fc.constantFrom(
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'windows-hyperv' }, handler: 'runhcs-wcow-hypervisor' },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { volumeName: 'nfs-pv', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
  },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'nfs-pv' }, spec: { nfs: { server: 'nfs', path: '/x' }, capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany'] } },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 100 } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'baseline' } },
  },
);

const input = fc.tuple(
  fc.array(
    fc.oneof({ arbitrary: workload, weight: 3 }, { arbitrary: serviceObject, weight: 2 }, { arbitrary: contextObject, weight: 1 }),
    { minLength: 1, maxLength: 8 },
  ),
  fc.boolean(),
  fc.integer({ min: 20, max: 37 }),
  fc.constantFrom(undefined, WindowsServerVersion.WS2019, WindowsServerVersion.WS2022),
);

/** What both sides report of a finding, and the object (by input position) it is about. */
const key = (object: number, f: { rule: string; severity: string; path: string; message: string; suppressedReason?: string }) =>
  JSON.stringify([object, f.rule, f.severity, f.path, f.message, f.suppressedReason ?? null]);

test('the checker and checkObjects report the same findings for the same objects', async () => {
  // eslint-disable-next-line no-console
  console.log(`property seed: ${SEED} (replay with PROPERTY_SEED=${SEED})`);
  let withFindings = 0;
  let withPodSecurity = 0;
  await fc.assert(fc.asyncProperty(input, async ([objects, assumeWindows, minor, windowsServerVersion]) => {
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor), windowsServerVersion });
    const api = checkObjects(objects, profile, { assumeWindows }).flatMap((findings, i) => findings.map(f => key(i, f)));
    const yaml = objects.map(o => jsyaml.dump(o)).join('---\n');
    const report = await check(['-'], { profile, assumeWindows, stdin: Readable.from([yaml]) });
    expect(report.inputErrors).toEqual([]);
    const cli = report.findings.map(f => key(f.ordinal, f));
    expect(cli.sort()).toEqual(api.sort());
    if (api.length > 0) withFindings++;
    if (api.some(k => k.includes('"pod-security-'))) withPodSecurity++;
  }), { seed: SEED, numRuns: RUNS });
  // The property means something only if most inputs have findings.
  expect(withFindings).toBeGreaterThan(RUNS / 2);
  // ...and the workloads waiting for their Namespace's labels are among them.
  if (RUNS >= 50) expect(withPodSecurity).toBeGreaterThan(0);
  // About half a second alone; a loaded CI machine (the control plane of test/cluster beside it) took more than jest's 5 s.
}, 60_000);
