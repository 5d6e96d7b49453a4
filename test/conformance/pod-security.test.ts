// The port of Pod Security Admission (src/rules/lib/pod-security.ts) against PSA's own evaluator,
// built from k8s.io/pod-security-admission v0.27.16 and v0.37.2 (test/conformance/pod-security/):
// for every pod, level and policy version below, the same checks fail with the same reason and
// detail text, in the same order.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesVersion, PodSecurityLevel, TargetProfile } from '../../src';
import { findPodSpec } from '../../src/model/manifest';
import { effectiveMinor, evaluatePod } from '../../src/rules/lib/pod-security';
import { supportedWindowsFeatures, windowsContainer, windowsPodSpec } from '../support/fixtures';

const SPECS: Array<[string, any]> = [
  ['a clean Windows pod', windowsPodSpec()],
  ['a Windows pod without spec.os', windowsPodSpec({ os: undefined })],
  ['an administrator pod', windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } })],
  ['runAsNonRoot: false', windowsPodSpec({ securityContext: { runAsNonRoot: false, windowsOptions: { runAsUserName: 'ContainerAdministrator' } } })],
  ['a HostProcess pod', windowsPodSpec({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } })],
  ['HostProcess containers', windowsPodSpec({
    hostNetwork: true,
    containers: [windowsContainer({ securityContext: { windowsOptions: { hostProcess: true } } }), windowsContainer({ name: 'b', securityContext: { windowsOptions: { hostProcess: true } } })],
  })],
  ['supported Windows features', supportedWindowsFeatures().spec.template.spec],
  ['Linux hardening fields, privileged, host ports', windowsPodSpec({
    os: undefined,
    containers: [
      windowsContainer({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] }, seccompProfile: { type: 'Unconfined' }, privileged: true, runAsUser: 0 } }),
      windowsContainer({ name: 'two', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8081 }] }),
    ],
  })],
  ['pod-level seccomp and runAsUser 0', windowsPodSpec({
    os: undefined,
    securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true, runAsUser: 0 },
    containers: [windowsContainer({ securityContext: { capabilities: { add: ['CHOWN'] }, seccompProfile: { type: 'Localhost', localhostProfile: 'x' } } })],
  })],
  ['probe and lifecycle hosts', windowsPodSpec({
    initContainers: [windowsContainer({ name: 'init', lifecycle: { preStop: { httpGet: { host: 'example.com', port: 80 } } } })],
    containers: [windowsContainer({ readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } }, securityContext: { runAsNonRoot: false } })],
  })],
  ['host namespaces, hostUsers: false', windowsPodSpec({ os: undefined, hostUsers: false, hostPID: true, hostIPC: true, containers: [windowsContainer({ securityContext: { runAsUser: 0 } })] })],
  ['restricted volume types', windowsPodSpec({
    volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }, { name: 'e', emptyDir: {} }, { name: 'g', gitRepo: { repository: 'r' } }, { name: 'f', azureFile: { secretName: 's', shareName: 'x' } }],
  })],
];

/**
 * The pod as admission sees it: the API server defaults it before PodSecurity runs, and on a
 * host-network pod makes each container and init container port without a hostPort a hostPort of
 * the same number (pkg/apis/core/v1/defaults.go defaultHostNetworkPorts, v1.27.16 and v1.37.2;
 * test/cluster/pod-security.test.ts shows it on both API servers). The evaluator is given that pod.
 */
function asDefaulted(pod: any): any {
  if (pod.spec.hostNetwork !== true) return pod;
  const ports = (containers: any[] | undefined) => containers?.map(c => ({
    ...c, ports: c.ports?.map((p: any) => (p.hostPort ? p : { ...p, hostPort: p.containerPort })),
  }));
  return { ...pod, spec: { ...pod.spec, containers: ports(pod.spec.containers), initContainers: ports(pod.spec.initContainers) } };
}

const RELEASES = [
  { release: '1.27', target: TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.27') }), versions: ['v1.0', 'v1.8', 'v1.18', 'v1.19', 'v1.21', 'v1.22', 'v1.23', 'v1.24', 'v1.25', 'v1.27', 'latest'] },
  { release: '1.37', target: TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37') }), versions: ['v1.0', 'v1.8', 'v1.19', 'v1.22', 'v1.24', 'v1.25', 'v1.33', 'v1.34', 'v1.35', 'v1.37', 'latest'] },
];

/** The evaluator of `release`, built once per run (the Go build cache makes it quick), or undefined without Go. */
function buildEvaluator(release: string): string | undefined {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    // eslint-disable-next-line no-console
    console.warn('SKIPPING the Pod Security conformance test: Go is not installed.');
    return undefined;
  }
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'psa-')), 'psa-evaluate');
  execFileSync('go', ['build', '-trimpath', '-buildvcs=false', '-o', output, '.'], {
    cwd: path.join(__dirname, 'pod-security', `v${release}`),
    env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: process.env.GOPROXY ?? 'off' },
    stdio: 'pipe',
  });
  return output;
}

describe.each(RELEASES)('pod-security-admission of Kubernetes $release', ({ release, target, versions }) => {
  test('every case: the same failed checks, reasons and details', () => {
    const evaluator = buildEvaluator(release);
    if (!evaluator) return;
    const cases = SPECS.flatMap(([name, spec]) => Object.values(PodSecurityLevel).flatMap(level => versions.map(version =>
      ({ name, level, version, pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } }))));
    const run = spawnSync(evaluator, { input: cases.map(c => JSON.stringify({ level: c.level, version: c.version, pod: asDefaulted(c.pod) })).join('\n') + '\n', encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const upstream: string[][] = run.stdout.trim().split('\n').map(line => JSON.parse(line));
    expect(upstream).toHaveLength(cases.length);
    const ours = cases.map(c => evaluatePod(findPodSpec(c.pod)!, c.level, effectiveMinor(c.version, target)).map(f => `${f.reason}: ${f.detail}`));
    const label = (i: number) => `${cases[i].name} at ${cases[i].level} ${cases[i].version}`;
    expect(ours.map((failures, i) => [label(i), failures])).toEqual(upstream.map((failures, i) => [label(i), failures]));
    // The cases exercise every level: some pass, some fail.
    expect(upstream.some(f => f.length === 0) && upstream.some(f => f.length > 1)).toBe(true);
  }, 300_000);
});
