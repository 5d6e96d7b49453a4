// The runtime CEL cost of every policy, measured with the API server's own CEL environment and
// compiler (test/celcost, k8s.io/apiserver v0.37.2) on every workload of the rule examples and the
// real-world corpus, and on a large pod (64 containers, 64 volumes, 32 mounts and 16 ports each).
// The API server stops an expression at 1,000,000 (celconfig.PerCallLimit) and a policy's
// evaluation of one request at 10,000,000 (celconfig.RuntimeCELCostBudget); a ValidatingAdmissionPolicy
// has no estimated-cost check at create (unlike CRD validation rules), so the runtime cost is the
// number that matters.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { Isolation, KubernetesVersion, Platform, TargetProfile, WindowsServerVersion } from '../../src';
import { admissionPolicies } from '../../src/admission-policy/policies';
import { findPodSpec } from '../../src/model/manifest';
import { EXAMPLES as CONTAINER } from '../rules/container/examples';
import { EXAMPLES as ISOLATION } from '../rules/isolation/examples';
import { EXAMPLES as PLACEMENT } from '../rules/placement/examples';
import { EXAMPLES as PLATFORM } from '../rules/platform/examples';
import { EXAMPLES as POD } from '../rules/pod/examples';
import { EXAMPLES as VOLUMES } from '../rules/volumes/examples';
import { windowsContainer, windowsDeployment, windowsPodSpec } from '../support/fixtures';
import { realWorldCases } from '../support/real-world-corpus';

const CELCOST = path.join(__dirname, '..', 'celcost', 'bin', 'celcost');
const PER_CALL_LIMIT = 1_000_000;
const PER_POLICY_BUDGET = 10_000_000;

function enabled(): boolean {
  if (fs.existsSync(CELCOST)) return true;
  if (spawnSync('go', ['version']).status === 0) throw new Error('Go is installed but test/celcost/bin/celcost is missing: run `bash test/celcost/build.sh` (npm test does).');
  // eslint-disable-next-line no-console
  console.warn('SKIPPING the CEL cost measurement: Go is not installed, so test/celcost cannot be built.');
  return false;
}
const maybe = enabled() ? describe : describe.skip;

/** A pod far larger than real ones: the cost of per-container and per-mount comprehensions shows. */
function largePod(): any {
  const volumes = Array.from({ length: 64 }, (_, i) => ({ name: `v${i}`, emptyDir: {} }));
  const containers = Array.from({ length: 64 }, (_, i) => windowsContainer({
    name: `c${i}`,
    ports: Array.from({ length: 16 }, (__, p) => ({ containerPort: 1000 + p })),
    volumeMounts: Array.from({ length: 32 }, (__, m) => ({ name: `v${m}`, mountPath: `C:\\data\\${m}` })),
    securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
  }));
  return windowsDeployment(windowsPodSpec({ containers, volumes, dnsConfig: { searches: ['a', 'b'], options: [{ name: 'ndots', value: '2' }] } }), 'large');
}

function workloads(): any[] {
  const fromExamples = [PLACEMENT, POD, CONTAINER, VOLUMES, ISOLATION, PLATFORM].flat()
    .flatMap(e => [...e.violating, ...e.passing].flatMap(x => x.objects as any[])).filter(o => findPodSpec(o));
  const fromCorpus = realWorldCases().flatMap(c => (jsyaml.loadAll(c.text) as any[]).filter(o => o && typeof o === 'object' && findPodSpec(o)));
  return [...fromExamples, ...fromCorpus];
}

interface Measurement {
  readonly policy: string;
  readonly object: number;
  readonly matched: boolean;
  readonly cost: number;
  readonly error?: string;
}

const TARGETS = [
  { id: 'Kubernetes 1.37', profile: TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37') }) },
  { id: 'Kubernetes 1.37, Windows Server 2019', profile: TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37'), windowsServerVersion: WindowsServerVersion.WS2019 }) },
  // The platform rules' policies: each platform, and AKS and GKE where the most versions and Hyper-V are refused.
  { id: 'EKS 1.37', profile: TargetProfile.of({ platform: Platform.EKS, kubernetesVersion: KubernetesVersion.of('1.37') }) },
  { id: 'AKS 1.37, Windows Server 2019', profile: TargetProfile.of({ platform: Platform.AKS, kubernetesVersion: KubernetesVersion.of('1.37'), windowsServerVersion: WindowsServerVersion.WS2019 }) },
  { id: 'AKS 1.31', profile: TargetProfile.of({ platform: Platform.AKS, kubernetesVersion: KubernetesVersion.of('1.31') }) },
  { id: 'GKE 1.37, Hyper-V isolation', profile: TargetProfile.of({ platform: Platform.GKE, kubernetesVersion: KubernetesVersion.of('1.37'), isolation: Isolation.HYPERV }) },
  { id: 'OpenShift 1.37', profile: TargetProfile.of({ platform: Platform.OPENSHIFT, kubernetesVersion: KubernetesVersion.of('1.37') }) },
];

maybe('the runtime CEL cost of every policy', () => {
  const objects = [...workloads(), largePod()];
  const large = objects.length - 1;

  test.each(TARGETS.map(t => [t.id, t.profile] as const))('%s: every policy evaluates without error, far below the API server\'s limits', (id, profile) => {
    const policies = admissionPolicies(profile).filter(o => o.kind === 'ValidatingAdmissionPolicy');
    const run = spawnSync(CELCOST, [], { input: JSON.stringify({ policies, objects }), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const measurements: Measurement[] = JSON.parse(run.stdout);
    expect(measurements).toHaveLength(policies.length * objects.length);
    const lines = [`CEL cost per policy, ${id}: ${objects.length - 1} workloads of the examples and the corpus, and the large pod`,
      '| policy | matched | median | max over the workloads | the large pod | share of the per-policy budget |', '|---|---|---|---|---|---|'];
    for (const policy of policies) {
      const mine = measurements.filter(m => m.policy === policy.metadata.name);
      const costs = mine.filter(m => m.object !== large).map(m => m.cost).sort((a, b) => a - b);
      const largeCost = mine.find(m => m.object === large)!.cost;
      lines.push(`| ${policy.metadata.name} | ${mine.filter(m => m.matched && m.object !== large).length} | ${costs[Math.floor(costs.length / 2)]} | ${costs[costs.length - 1]} | ${largeCost} | ${(100 * largeCost / PER_POLICY_BUDGET).toFixed(3)} % |`);
    }
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    expect(measurements.filter(m => m.error).map(m => `${m.policy} on #${m.object}: ${m.error}`)).toEqual([]);
    expect(measurements.filter(m => m.cost >= PER_CALL_LIMIT).map(m => `${m.policy} on #${m.object}: ${m.cost}`)).toEqual([]);
    // The measurement can fail: every policy costs something, and the large pod costs more than every workload for some policy.
    expect(measurements.filter(m => m.cost === 0)).toEqual([]);
    const maxOnWorkloads = (policy: string) => Math.max(...measurements.filter(x => x.policy === policy && x.object !== large).map(x => x.cost));
    expect(measurements.some(m => m.object === large && m.cost > 2 * maxOnWorkloads(m.policy))).toBe(true);
  });
});
