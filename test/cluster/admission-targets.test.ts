// The container and volume rules' admission policies at the targets their checks are gated on
// (Docker EE, containerd before and after Kubernetes 1.32), on a running 1.37 control plane:
// what test/cluster/admission-policies.test.ts does not cover with its two containerd targets.
//
// - Every example of these topics under its own target, and a table of hostPath types, subPath
//   mounts and huge pages at four targets, sent as server-side dry-run creates to a namespace
//   where the target's generated policies (these rules only) are bound with [Warn]: the policies'
//   findings (rule and severity) must equal the engine's. Examples that set `spec.os.name:
//   windows` are sent a second time placed by node selector instead, since the API server itself
//   refuses some of these rules' fields with it, before any policy sees them.
// - The platform rules' policies: every platform example under its own target, and every case
//   above with a table of placements (node selectors, OS SKUs, builds, node affinity, spec.os,
//   RuntimeClasses, host network, the Hyper-V annotation) under EKS, AKS, GKE and OpenShift
//   targets at several Kubernetes minors: the findings of the container, volume and platform
//   rules must equal the engine's, the engine checking each object alone as the API server sees it.
// - A large pod (40 containers, 40 subPath mounts each) within the API server's CEL cost limit.
// - The CEL value checks of invalid-run-as-user-name and invalid-gmsa against the engine's, on
//   ConfigMap values: the API server refuses a pod with such a value before admission, so no pod
//   can reach them.
import * as https from 'https';
import { environmentFor } from './environment';
import { CLUSTER_RELEASES, clusterTestsEnabled, TestCluster, waitFor } from './harness';
import { ContainerRuntime, Isolation, KubernetesVersion, Platform, TargetProfile, WindowsServerVersion } from '../../src';
import { admissionPolicies, rulePolicies } from '../../src/admission-policy/policies';
import { loadConnection } from '../../src/cli/kubeconfig';
import { checkObjects } from '../../src/engine/check-plan';
import { findPodSpec } from '../../src/model/manifest';
import { CONTAINER_RULES } from '../../src/rules/container';
import { celValidGmsa, gmsaCredentialSpecErrors, gmsaCredentialSpecNameErrors } from '../../src/rules/container/invalid-gmsa';
import { celValidRunAsUserName, runAsUserNameErrors } from '../../src/rules/container/invalid-run-as-user-name';
import { PLATFORM_RULES } from '../../src/rules/platform';
import { ApiServerEnforcement } from '../../src/rules/rule';
import { VOLUME_RULES } from '../../src/rules/volumes';
import { affinityOnlySpec, EXAMPLES as PLATFORM_EXAMPLES, hyperVRuntimeClass, processRuntimeClass } from '../rules/platform/examples';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { RuleExamples } from '../support/rules';

jest.setTimeout(900_000);

const RELEASE = '1.37' as const;
const ENABLED = CLUSTER_RELEASES.includes(RELEASE) && clusterTestsEnabled(RELEASE);
const maybe = ENABLED ? describe : describe.skip;

const RULES = [...CONTAINER_RULES, ...VOLUME_RULES].filter(rule => rule.admission?.checks).map(rule => rule.name);
// The other topics' examples reach these rules at two targets in admission-policies.test.ts.
const TOPICS = ['container', 'volumes'];
const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController'];

/** The targets of the table: the runtimes and the Kubernetes releases the rules' severities change at. */
const TABLE_TARGETS = [
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE }),
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(27) }),
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(31) }),
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(37) }),
];

interface Case {
  readonly label: string;
  readonly object: any;
  readonly profile: TargetProfile;
}

function exampleCases(): Case[] {
  const cases: Case[] = [];
  for (const topic of TOPICS) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`../rules/${topic}/examples`) as { EXAMPLES: readonly RuleExamples[]; PROFILE: TargetProfile };
    for (const examples of module.EXAMPLES) {
      for (const example of [...examples.violating, ...examples.passing]) {
        for (const object of example.objects) {
          if (!WORKLOAD_KINDS.includes(object.kind) || !findPodSpec(object)) continue;
          cases.push({ label: `${examples.rule}: ${example.name} (${object.kind})`, object, profile: example.profile ?? module.PROFILE });
        }
      }
    }
  }
  return cases;
}

/** hostPath types, on a file and on named pipes; subPath and subPathExpr into each kind of volume; huge pages. */
function tableCases(): Case[] {
  const pods: Array<[string, any]> = [];
  for (const type of ['', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice']) {
    for (const path of ['C:\\run\\app.sock', '\\\\.\\pipe\\app', '//./PIPE/app']) {
      pods.push([`hostPath ${path} type '${type}'`, windowsPodSpec({
        volumes: [{ name: 'h', hostPath: { path, type } }],
        containers: [windowsContainer({ volumeMounts: [{ name: 'h', mountPath: 'C:\\h' }] })],
      })]);
    }
  }
  const volumes: any = {
    secret: { secret: { secretName: 's' } },
    configMap: { configMap: { name: 'c' } },
    downwardAPI: { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    projected: { projected: { sources: [{ configMap: { name: 'c' } }] } },
    emptyDir: { emptyDir: {} },
    azureFile: { azureFile: { secretName: 's', shareName: 'share' } },
  };
  for (const [type, volume] of Object.entries(volumes)) {
    for (const mount of [{ subPath: 'a' }, { subPathExpr: '$(POD_NAME)' }, {}]) {
      pods.push([`${type} volume mounted with ${JSON.stringify(mount)}`, windowsPodSpec({
        volumes: [{ name: 'v', ...(volume as any) }],
        initContainers: [windowsContainer({ name: 'init', volumeMounts: [{ name: 'v', mountPath: 'C:\\v', ...mount }] })],
      })]);
    }
  }
  // Huge pages the API server admits: requests equal to limits (the examples' are refused).
  pods.push(['hugepages-2Mi requested and limited', windowsPodSpec({
    containers: [windowsContainer({ resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' }, requests: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' } } })],
  })]);
  return TABLE_TARGETS.flatMap(profile => pods.map(([label, spec]) => ({ label: `${label} at ${profile.describe()}`, object: windowsDeployment(spec), profile })));
}

/** The case again, placed by node selector instead of `spec.os.name`, when it sets it. */
function withVariants(cases: Case[]): Case[] {
  return cases.flatMap(c => {
    const copy = JSON.parse(JSON.stringify(c.object));
    const spec = findPodSpec(copy)!.spec;
    if (spec.os?.name !== 'windows') return [{ ...c, object: copy }];
    const bare = JSON.parse(JSON.stringify(copy));
    const bareSpec = findPodSpec(bare)!.spec;
    delete bareSpec.os;
    bareSpec.nodeSelector = { ...(bareSpec.nodeSelector ?? {}), 'kubernetes.io/os': 'windows' };
    return [{ ...c, object: copy }, { ...c, label: `${c.label} [placed by node selector]`, object: bare }];
  });
}

const WARNING = /Validation failed for ValidatingAdmissionPolicy '([^']+)' with binding '[^']+'/g;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The platform rules with CEL, and the rules compared at the platform targets. */
const PLATFORM_RULE_NAMES = PLATFORM_RULES.filter(rule => rule.admission?.checks).map(rule => rule.name);
const PLATFORM_TARGET_RULES = [...RULES, ...PLATFORM_RULE_NAMES];

/** A target on `platform` at Kubernetes 1.`minor`. */
const on = (platform: Platform, minor: number, windowsServerVersion?: WindowsServerVersion, isolation?: Isolation) =>
  TargetProfile.of({ platform, kubernetesVersion: KubernetesVersion.fromMinor(minor), windowsServerVersion, isolation });

/**
 * The platform targets: each platform at 1.37, and where the rules' gating changes: AKS where
 * Windows Server 2019 (1.33), 2022 (1.37) and 2025 (1.31) have no node pools, with the target
 * pinned to an unsupported version; GKE with Hyper-V isolation; OpenShift before spec.os is GA.
 */
const PLATFORM_TARGETS = [
  on(Platform.EKS, 37),
  on(Platform.EKS, 30),
  on(Platform.AKS, 37),
  on(Platform.AKS, 33),
  on(Platform.AKS, 33, WindowsServerVersion.WS2019),
  on(Platform.AKS, 31, WindowsServerVersion.WS2025),
  on(Platform.GKE, 37),
  on(Platform.GKE, 31, undefined, Isolation.HYPERV),
  on(Platform.OPENSHIFT, 37),
  on(Platform.OPENSHIFT, 24),
];

/** The RuntimeClasses the platform cases name (a Pod naming one that does not exist is refused). */
const PLATFORM_RUNTIME_CLASSES = [hyperVRuntimeClass, processRuntimeClass, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'plain' }, handler: 'runhcs-wcow-process' }];

/**
 * A Pod as the policies see it: the RuntimeClass admission plugin has merged its RuntimeClass's
 * node selector into the Pod's before validation (it does not touch workload templates).
 */
function asAdmitted(object: any): any {
  const runtimeClass = PLATFORM_RUNTIME_CLASSES.find(rc => rc.metadata.name === object.spec?.runtimeClassName) as any;
  if (object.kind !== 'Pod' || !runtimeClass?.scheduling?.nodeSelector) return object;
  return { ...object, spec: { ...object.spec, nodeSelector: { ...object.spec.nodeSelector, ...runtimeClass.scheduling.nodeSelector } } };
}

/** Pods placed every way the platform rules read: node selectors, builds, OS SKUs, node affinity, spec.os, RuntimeClasses, host network, the Hyper-V annotation. */
function platformTable(): Array<[string, any]> {
  const WINDOWS_BUILD = 'node.kubernetes.io/windows-build';
  const OS_SKU = 'kubernetes.azure.com/os-sku';
  const selector = (nodeSelector: any, extra: any = {}) => windowsPodSpec({ os: undefined, nodeSelector, ...extra });
  const specs: Array<[string, any]> = [
    ['OS selector and spec.os', windowsPodSpec()],
    ['OS selector without spec.os', selector({ 'kubernetes.io/os': 'windows' })],
    ['beta OS selector', selector({ 'beta.kubernetes.io/os': 'windows' })],
    ['node affinity alone', affinityOnlySpec()],
    ['node affinity alone, spec.os', affinityOnlySpec({ os: { name: 'windows' } })],
    ['spec.os alone', windowsPodSpec({ nodeSelector: undefined })],
    ['an empty node affinity and spec.os', windowsPodSpec({ nodeSelector: undefined, affinity: { nodeAffinity: {} } })],
    ...['10.0.17763', '10.0.20348', '10.0.26100', '10.0.017763', '10.0.19041'].map(build => [`build ${build} alone`, selector({ [WINDOWS_BUILD]: build })] as [string, any]),
    ...['10.0.17763', '10.0.26100'].map(build => [`OS selector, spec.os and build ${build}`, windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', [WINDOWS_BUILD]: build } })] as [string, any]),
    ...['Windows2019', 'Windows2022', 'Windows2025', 'windows2022', 'WindowsAnnual'].map(sku => [`OS SKU ${sku}`, selector({ 'kubernetes.io/os': 'windows', [OS_SKU]: sku })] as [string, any]),
    ['OS SKU Windows2019 alone', selector({ [OS_SKU]: 'Windows2019' })],
    ['OS SKU Windows2019 and build 10.0.20348', selector({ 'kubernetes.io/os': 'windows', [OS_SKU]: 'Windows2019', [WINDOWS_BUILD]: '10.0.20348' })],
    ['OS SKU Windows2022 and build 10.0.26100', selector({ 'kubernetes.io/os': 'windows', [OS_SKU]: 'Windows2022', [WINDOWS_BUILD]: '10.0.26100' })],
    ...PLATFORM_RUNTIME_CLASSES.map(rc => [`RuntimeClass ${rc.metadata.name}, node affinity alone`, affinityOnlySpec({ runtimeClassName: rc.metadata.name })] as [string, any]),
    ['RuntimeClass windows-hyperv with the OS selector', windowsPodSpec({ runtimeClassName: 'windows-hyperv' })],
    ['HostProcess on the host network, node affinity alone', affinityOnlySpec({ hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } })],
    ['host network, node affinity alone', affinityOnlySpec({ hostNetwork: true })],
  ];
  const hyperv = { 'experimental.windows.kubernetes.io/isolation-type': 'hyperv' };
  const annotated = windowsDeployment(windowsPodSpec(), 'annotated');
  annotated.spec.template.metadata = { ...annotated.spec.template.metadata, annotations: hyperv };
  const annotatedPod = windowsPod(windowsPodSpec(), 'annotated');
  annotatedPod.metadata.annotations = hyperv;
  return [
    ...specs.map(([label, spec]) => [label, windowsDeployment(spec)] as [string, any]),
    ...specs.filter(([label]) => /alone|RuntimeClass/.test(label)).map(([label, spec]) => [`${label} (Pod)`, windowsPod(spec)] as [string, any]),
    ['node affinity alone (CronJob)', windowsCronJob(affinityOnlySpec({ restartPolicy: 'OnFailure' }))],
    ['the Hyper-V annotation on the template', annotated],
    ['the Hyper-V annotation (Pod)', annotatedPod],
  ];
}

/** The platform examples, each under its own target, the RuntimeClass it comes with noted. */
function platformExampleCases(): Array<Case & { readonly context: any[] }> {
  return PLATFORM_EXAMPLES.flatMap(examples => [...examples.violating, ...examples.passing].flatMap(example => (example.objects as any[])
    .filter(object => WORKLOAD_KINDS.includes(object.kind) && findPodSpec(object))
    .map(object => ({ label: `${examples.rule}: ${example.name} (${object.kind} ${object.metadata.name})`, object, profile: example.profile!, context: (example.objects as any[]).filter(o => o.kind === 'RuntimeClass') }))));
}

/** The resource path of each kind the policies match. */
const RESOURCES: { [kind: string]: string } = {
  Pod: 'api/v1/namespaces/NS/pods',
  ReplicationController: 'api/v1/namespaces/NS/replicationcontrollers',
  Deployment: 'apis/apps/v1/namespaces/NS/deployments',
  StatefulSet: 'apis/apps/v1/namespaces/NS/statefulsets',
  DaemonSet: 'apis/apps/v1/namespaces/NS/daemonsets',
  ReplicaSet: 'apis/apps/v1/namespaces/NS/replicasets',
  Job: 'apis/batch/v1/namespaces/NS/jobs',
  CronJob: 'apis/batch/v1/namespaces/NS/cronjobs',
};

/** Server-side dry-run creates over HTTPS (thousands of them: a kubectl process each would take minutes). */
function dryRunner(kubeconfig: string) {
  const connection = loadConnection({ kubeconfig });
  const server = new URL(connection.server);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 4,
    ca: connection.ca,
    cert: connection.clientCertificate,
    key: connection.clientKey,
    rejectUnauthorized: !connection.insecureSkipTlsVerify,
  });
  type Answer = { status: number; message: string; warnings: string };
  const create = (namespace: string, object: any): Promise<Answer> => new Promise((resolve, reject) => {
    const body = JSON.stringify(object);
    const request = https.request({
      agent,
      host: server.hostname,
      port: server.port,
      method: 'POST',
      path: `/${RESOURCES[object.kind].replace('NS', namespace)}?fieldManager=cdk8s-windows-test&dryRun=All`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, response => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', chunk => text += chunk);
      response.on('end', () => {
        const warnings = response.rawHeaders.filter((_, i) => i % 2 === 1 && response.rawHeaders[i - 1].toLowerCase() === 'warning');
        let message = text;
        try {
          message = JSON.parse(text).message ?? '';
        } catch {
          // not JSON: the text itself
        }
        resolve({ status: response.statusCode ?? 0, message, warnings: warnings.join('\n') });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
  return { create, close: () => agent.destroy() };
}

async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

maybe('the container and volume rules\' admission policies at the targets their checks depend on', () => {
  let cluster: TestCluster;
  beforeAll(() => {
    cluster = TestCluster.start(RELEASE);
  }, 300_000);
  afterAll(() => cluster?.stop());

  test('each policy finds what the engine finds, rule by rule, under each example\'s target and at Docker EE, 1.27, 1.31 and 1.37', () => {
    const cases = [...withVariants(exampleCases()), ...tableCases().map(c => ({ ...c, object: JSON.parse(JSON.stringify(c.object)) }))];
    const profiles = [...new Map(cases.map(c => [c.profile.describe(), c.profile])).values()];
    const namespaceOf = new Map(profiles.map((profile, i) => [profile.describe(), `targets-${i}`]));
    const policyFinding = new Map<string, string>();
    const objects: any[] = [];
    profiles.forEach(profile => {
      const namespace = namespaceOf.get(profile.describe())!;
      objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'cdk8s-windows-test/targets': namespace } } });
      for (const policy of rulePolicies(profile, { rules: RULES })) policyFinding.set(`${namespace}-${policy.name}`, `${policy.rule.name}/${policy.severity}`);
      for (const object of admissionPolicies(profile, { rules: RULES })) {
        const copy = JSON.parse(JSON.stringify(object));
        copy.metadata.name = `${namespace}-${copy.metadata.name}`;
        if (copy.kind === 'ValidatingAdmissionPolicyBinding') {
          copy.spec = { policyName: `${namespace}-${copy.spec.policyName}`, validationActions: ['Warn'], matchResources: { namespaceSelector: { matchLabels: { 'cdk8s-windows-test/targets': namespace } } } };
        }
        objects.push(copy);
      }
    });
    for (const verdict of cluster.create(objects)) if (verdict.status !== 'created') throw new Error(`${verdict.object.kind} ${verdict.object.metadata.name}: ${verdict.message}`);
    for (const namespace of namespaceOf.values()) {
      waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', namespace]).status === 0, 60, `the default ServiceAccount of ${namespace}`);
    }
    // The policies are loaded once the last target's warn about a known case.
    const probe = windowsDeployment(windowsPodSpec({ volumes: [{ name: 'm', emptyDir: { medium: 'Memory' } }] }));
    const lastNamespace = namespaceOf.get(profiles[profiles.length - 1].describe())!;
    waitFor(() => cluster.kubectl(['create', '--dry-run=server', '-n', lastNamespace, '-f', '-'], JSON.stringify(probe)).stderr.includes('no-memory-medium'), 60, 'the policies to be loaded');
    pause(2000);

    const rows = new Map<string, { cases: number; engine: number; policy: number; disagree: number }>();
    const disagreements: string[] = [];
    let refused = 0;
    for (const c of cases) {
      const namespace = namespaceOf.get(c.profile.describe())!;
      const object = { ...c.object, metadata: { ...c.object.metadata } };
      delete object.metadata.namespace;
      const answer = cluster.kubectl(['create', '--dry-run=server', '-n', namespace, '-f', '-', '-o', 'name'], JSON.stringify(object));
      if (answer.status !== 0) {
        refused++;
        continue;
      }
      const found = new Set([...answer.stderr.matchAll(WARNING)].map(match => policyFinding.get(match[1]) ?? `unknown policy ${match[1]}`));
      const engine = new Set(checkObjects([object], c.profile)[0]
        .filter(f => !f.suppressedReason && RULES.includes(f.rule)).map(f => `${f.rule}/${f.severity}`));
      for (const finding of new Set([...policyFinding.values()])) {
        const row = rows.get(finding) ?? { cases: 0, engine: 0, policy: 0, disagree: 0 };
        row.cases++;
        if (engine.has(finding)) row.engine++;
        if (found.has(finding)) row.policy++;
        if (engine.has(finding) !== found.has(finding)) {
          row.disagree++;
          disagreements.push(`${finding} ${c.label} at ${c.profile.describe()}: engine ${engine.has(finding)}, policy ${found.has(finding)}`);
        }
        rows.set(finding, row);
      }
    }
    // eslint-disable-next-line no-console
    console.log([`${cases.length} cases, ${refused} refused by the API server on its own`, '| rule/severity | cases | engine finds | policy finds | disagree |', '|---|---|---|---|---|',
      ...[...rows].sort().map(([finding, r]) => `| ${finding} | ${r.cases} | ${r.engine} | ${r.policy} | ${r.disagree} |`)].join('\n'));
    expect(disagreements).toEqual([]);
    // The cases reach every severity the rules' checks have at some target, but for the values the
    // API server refuses in every pod (the second test reaches those).
    const unreachable = [...CONTAINER_RULES, ...VOLUME_RULES].filter(rule => rule.apiServer === ApiServerEnforcement.ALWAYS).map(rule => rule.name);
    expect([...rows].filter(([finding, r]) => r.engine === 0 && !unreachable.includes(finding.split('/')[0])).map(([finding]) => finding)).toEqual([]);
  });

  test('the platform rules\' policies find what the engine finds: every platform example under its target, every case and a table of placements under EKS, AKS, GKE and OpenShift targets', async () => {
    // The cases of the test above: the examples (with their variants) and the table's pods once (the table repeats them per target).
    const tablePods = tableCases().filter(c => c.profile === TABLE_TARGETS[0]);
    const existing = [...withVariants(exampleCases()), ...tablePods];
    const table = platformTable();
    const examples = platformExampleCases();
    const cases: Array<Case & { readonly context?: any[] }> = [
      ...examples,
      ...PLATFORM_TARGETS.flatMap(profile => [
        ...examples.map(c => ({ ...c, label: `${c.label} [at the target]`, profile })),
        ...table.map(([label, object]) => ({ label: `placement: ${label}`, object, profile })),
        ...existing.map(c => ({ ...c, profile })),
      ]),
    ].map(c => ({ ...c, object: JSON.parse(JSON.stringify(c.object)) }));
    const profiles = [...new Map(cases.map(c => [c.profile.describe(), c.profile])).values()];
    const namespaceOf = new Map(profiles.map((profile, i) => [profile.describe(), `platforms-${i}`]));
    const policyFinding = new Map<string, string>();
    const otherRuntimeClasses = environmentFor(cases.map(c => c.object), 'default').filter(o => o.kind === 'RuntimeClass' && !PLATFORM_RUNTIME_CLASSES.some(rc => rc.metadata.name === o.metadata.name));
    const objects: any[] = [...PLATFORM_RUNTIME_CLASSES, ...otherRuntimeClasses];
    profiles.forEach(profile => {
      const namespace = namespaceOf.get(profile.describe())!;
      objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'cdk8s-windows-test/platforms': namespace } } });
      for (const policy of rulePolicies(profile, { rules: PLATFORM_TARGET_RULES })) policyFinding.set(`${namespace}-${policy.name}`, `${policy.rule.name}/${policy.severity}`);
      for (const object of admissionPolicies(profile, { rules: PLATFORM_TARGET_RULES })) {
        const copy = JSON.parse(JSON.stringify(object));
        copy.metadata.name = `${namespace}-${copy.metadata.name}`;
        if (copy.kind === 'ValidatingAdmissionPolicyBinding') {
          copy.spec = { policyName: `${namespace}-${copy.spec.policyName}`, validationActions: ['Warn'], matchResources: { namespaceSelector: { matchLabels: { 'cdk8s-windows-test/platforms': namespace } } } };
        }
        objects.push(copy);
      }
    });
    for (const verdict of cluster.create(objects)) if (verdict.status !== 'created') throw new Error(`${verdict.object.kind} ${verdict.object.metadata.name}: ${verdict.message}`);
    for (const namespace of namespaceOf.values()) {
      waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', namespace]).status === 0, 60, `the default ServiceAccount of ${namespace}`);
    }
    const probe = windowsDeployment(windowsPodSpec({ volumes: [{ name: 'm', emptyDir: { medium: 'Memory' } }] }));
    const lastNamespace = namespaceOf.get(profiles[profiles.length - 1].describe())!;
    waitFor(() => cluster.kubectl(['create', '--dry-run=server', '-n', lastNamespace, '-f', '-'], JSON.stringify(probe)).stderr.includes('no-memory-medium'), 60, 'the policies to be loaded');
    pause(2000);

    const runner = dryRunner(cluster.kubeconfig);
    const started = Date.now();
    const answers = await pool(cases.map(c => () => {
      const object = { ...c.object, metadata: { ...c.object.metadata } };
      delete object.metadata.namespace;
      return runner.create(namespaceOf.get(c.profile.describe())!, object);
    }), 4);
    const seconds = (Date.now() - started) / 1000;
    runner.close();

    const rows = new Map<string, { cases: number; engine: number; policy: number; disagree: number }>();
    const disagreements: string[] = [];
    const refused: string[] = [];
    const leftToTheChecker: string[] = [];
    const leftWithoutRuntimeClass: string[] = [];
    /** Per platform rule and target: cases, engine finds, policy finds, disagreements. */
    const byTarget = new Map<string, number[]>();
    cases.forEach((c, i) => {
      const answer = answers[i];
      if (answer.status !== 201) {
        refused.push(`${c.label} at ${c.profile.describe()}: ${answer.status} ${answer.message.slice(0, 160)}`);
        return;
      }
      const found = new Set([...answer.warnings.matchAll(WARNING)].map(match => policyFinding.get(match[1]) ?? `unknown policy ${match[1]}`));
      const engine = new Set(checkObjects([asAdmitted(c.object)], c.profile)[0].filter(f => !f.suppressedReason && PLATFORM_TARGET_RULES.includes(f.rule)).map(f => `${f.rule}/${f.severity}`));
      // What the engine finds only when given the example's RuntimeClass: what the policy cannot see.
      if (c.context && c.context.length > 0) {
        const withContext = checkObjects([c.object, ...c.context], c.profile)[0].filter(f => PLATFORM_RULE_NAMES.includes(f.rule)).map(f => `${f.rule}/${f.severity}`);
        for (const finding of withContext.filter(f => !engine.has(f))) {
          leftToTheChecker.push(`${finding} ${c.label} at ${c.profile.describe()}`);
          if (!findPodSpec(c.object)?.spec.runtimeClassName) leftWithoutRuntimeClass.push(c.label);
        }
      }
      const judged = [...new Set([...policyFinding.values()])].filter(f => PLATFORM_RULE_NAMES.includes(f.split('/')[0]) || RULES.includes(f.split('/')[0]));
      for (const finding of judged) {
        const row = rows.get(finding) ?? { cases: 0, engine: 0, policy: 0, disagree: 0 };
        row.cases++;
        if (engine.has(finding)) row.engine++;
        if (found.has(finding)) row.policy++;
        if (engine.has(finding) !== found.has(finding)) {
          row.disagree++;
          disagreements.push(`${finding} ${c.label} at ${c.profile.describe()}: engine ${engine.has(finding)}, policy ${found.has(finding)}`);
        }
        rows.set(finding, row);
      }
      for (const rule of PLATFORM_RULE_NAMES) {
        const k = `| ${rule} | ${c.profile.describe()}`;
        const counts = byTarget.get(k) ?? [0, 0, 0, 0];
        const [e, p] = [[...engine].some(f => f.startsWith(`${rule}/`)), [...found].some(f => f.startsWith(`${rule}/`))];
        byTarget.set(k, [counts[0] + 1, counts[1] + (e ? 1 : 0), counts[2] + (p ? 1 : 0), counts[3] + (e !== p ? 1 : 0)]);
      }
      // A finding of a rule the target has no policy of (its checks are empty there) must not be the engine's either.
      for (const finding of engine) if (!judged.includes(finding)) disagreements.push(`${finding} ${c.label} at ${c.profile.describe()}: engine finds it, the target has no such policy`);
    });
    const platformRows = [...rows].filter(([finding]) => PLATFORM_RULE_NAMES.includes(finding.split('/')[0])).sort();
    // eslint-disable-next-line no-console
    console.log([`${cases.length} cases under ${profiles.length} targets, ${refused.length} refused by the API server on its own, ${seconds.toFixed(1)} s of dry runs`,
      '| rule/severity | cases | engine finds | policy finds | agree | disagree |', '|---|---|---|---|---|---|',
      ...[...rows].sort().map(([finding, r]) => `| ${finding} | ${r.cases} | ${r.engine} | ${r.policy} | ${r.cases - r.disagree} | ${r.disagree} |`),
      '| platform rule | target | cases | engine finds | policy finds | disagree |', '|---|---|---|---|---|---|',
      ...[...byTarget].filter(([, n]) => n[1] + n[2] > 0).map(([k, n]) => `${k} | ${n.join(' | ')} |`),
      `left to the checker (found only with the RuntimeClass given): ${leftToTheChecker.length}`, ...leftToTheChecker,
      ...disagreements.map(d => `DIFFERENT ${d}`), ...refused.map(r => `refused: ${r}`)].join('\n'));
    expect(disagreements).toEqual([]);
    // Every platform rule is found, and passed, somewhere.
    expect(PLATFORM_RULE_NAMES.filter(rule => !platformRows.some(([finding, r]) => finding.startsWith(`${rule}/`) && r.engine > 0 && r.engine < r.cases))).toEqual([]);
    // What the policy cannot see is the RuntimeClass a pod names, and nothing else.
    expect(leftToTheChecker.length).toBeGreaterThan(0);
    expect(leftWithoutRuntimeClass).toEqual([]);
  });

  test('a large pod stays within the API server\'s CEL cost limit: 40 containers with 40 subPath mounts each into 40 volumes', () => {
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(37) });
    const namespace = 'large';
    const bindings = admissionPolicies(profile, { rules: RULES }).map(object => {
      const copy = JSON.parse(JSON.stringify(object));
      copy.metadata.name = `large-${copy.metadata.name}`;
      if (copy.kind === 'ValidatingAdmissionPolicyBinding') {
        copy.spec = { policyName: `large-${copy.spec.policyName}`, validationActions: ['Warn'], matchResources: { namespaceSelector: { matchLabels: { 'cdk8s-windows-test/large': 'yes' } } } };
      }
      return copy;
    });
    const setup = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'cdk8s-windows-test/large': 'yes' } } }, ...bindings];
    for (const verdict of cluster.create(setup)) if (verdict.status !== 'created') throw new Error(`${verdict.object.kind} ${verdict.object.metadata.name}: ${verdict.message}`);
    waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', namespace]).status === 0, 60, 'the default ServiceAccount of large');
    const volumes = Array.from({ length: 40 }, (_, i) => i % 2 === 0
      ? { name: `v${i}`, secret: { secretName: `s${i}`, items: [{ key: 'k', path: 'k', mode: 0o400 }] } }
      : { name: `v${i}`, emptyDir: {} });
    // No ports: the API server's own warnings about 40 equal ports would fill the response's warning budget.
    const container = (name: string) => windowsContainer({
      name,
      ports: undefined,
      image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
      securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } },
      volumeMounts: volumes.map((v, i) => ({ name: v.name, mountPath: `C:\\m${i}`, subPath: 'x' })),
    });
    const containers = Array.from({ length: 40 }, (_, i) => container(`c${i}`));
    const object = windowsDeployment(windowsPodSpec({ containers: containers.slice(0, 20), initContainers: containers.slice(20), volumes }));
    const probe = windowsDeployment(windowsPodSpec({ volumes: [{ name: 'm', emptyDir: { medium: 'Memory' } }] }));
    waitFor(() => cluster.kubectl(['create', '--dry-run=server', '-n', namespace, '-f', '-'], JSON.stringify(probe)).stderr.includes('no-memory-medium'), 60, 'the policies to be loaded');
    const answer = cluster.kubectl(['create', '--dry-run=server', '-n', namespace, '-f', '-', '-o', 'name'], JSON.stringify(object));
    const found = new Set([...answer.stderr.matchAll(WARNING)].map(match => match[1].replace(/^large-cdk8s-windows-/, '')));
    const engine = new Set(checkObjects([object], profile)[0].filter(f => RULES.includes(f.rule)).map(f => f.rule));
    expect({ status: answer.status, costErrors: answer.stderr.split('\n').filter(line => /cost|evaluation error|expression.*failed/i.test(line)) }).toEqual({ status: 0, costErrors: [] });
    // Every rule the engine finds warns, named by its policy (one per severity: the rule name then `-<severity>`).
    expect([...engine].filter(rule => ![...found].some(policy => policy === rule || policy.startsWith(`${rule}-`)))).toEqual([]);
    expect(engine.has('subpath-mount')).toBe(true);
  });

  test('the CEL value checks of runAsUserName and gMSA equal the engine\'s on values the API server refuses in a pod', () => {
    const policy = (name: string, expression: string) => [{
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }] },
        validations: [{ expression, message: `invalid ${name}` }],
      },
    }, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Warn'], matchResources: { namespaceSelector: { matchLabels: { 'cdk8s-windows-test/values': 'yes' } } } },
    }];
    const setup = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'values', labels: { 'cdk8s-windows-test/values': 'yes' } } },
      ...policy('value-user', `!has(object.data) || !has(object.data.u) || ${celValidRunAsUserName('object.data.u')}`),
      ...policy('value-gmsa', `!has(object.data) || (${celValidGmsa('object.data')})`),
    ];
    for (const verdict of cluster.create(setup)) if (verdict.status !== 'created') throw new Error(`${verdict.object.kind} ${verdict.object.metadata.name}: ${verdict.message}`);
    waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', 'values']).status === 0, 60, 'the default ServiceAccount of values');
    const celInvalid = (data: { [key: string]: string }, name: string) => {
      const answer = cluster.kubectl(['create', '--dry-run=server', '-n', 'values', '-f', '-', '-o', 'name'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'v' }, data }));
      if (answer.status !== 0) throw new Error(`ConfigMap ${JSON.stringify(data).slice(0, 80)} refused: ${answer.stderr}`);
      return answer.stderr.includes(`invalid ${name}`);
    };
    waitFor(() => celInvalid({ u: '' }, 'value-user'), 60, 'the value policies to be loaded');

    const users = ['', 'a', 'ContainerUser', 'ContainerAdministrator', 'NT AUTHORITY\\NETWORK SERVICE', 'contoso.com\\svc-web', 'a\\b\\c', 'user\u0007', 'x\u007f', 'a\nb', 'a\tb', ' ', '\t',
      'u'.repeat(104), 'u'.repeat(105), 'é'.repeat(52), 'é'.repeat(53), '😀'.repeat(26), '😀'.repeat(27), '...', ' . ', '.\\u', 'a.\\u', ' \\u', 'dom\\.', 'dom\\ . ',
      `${'d'.repeat(255)}\\u`, `${'d'.repeat(256)}\\u`, `${'é'.repeat(127)}\\u`, `${'é'.repeat(128)}\\u`, '.dom\\user', 'DOMAIN\\', '\\user',
      'abcdefghijklmnop\\u', 'ab cd\\u', 'ÄÖÜ\\u', `${'a'.repeat(14)}é\\u`, `${'a'.repeat(15)}é\\u`, `${'😀'.repeat(15)}\\u`, `${'😀'.repeat(16)}\\u`,
      '-abc\\u', 'a..b\\u', `${'x'.repeat(63)}.com\\u`, `${'x'.repeat(64)}.com\\u`, 'a*b\\u', 'a/b\\u',
      ...'"/\\:;|=,+*?<>@[]'.split('').map(ch => `us${ch}er`)];
    const gmsa: Array<{ [key: string]: string }> = [
      ...['webapp1', 'Bad_Name', '', 'a'.repeat(253), 'a'.repeat(254), 'a.b', '-a', 'a-', 'a..b', 'é', 'web.contoso.com'].map(name => ({ gmsaCredentialSpecName: name })),
      ...['', 'x', 'x'.repeat(65536), 'x'.repeat(65537), 'é'.repeat(32768), 'é'.repeat(32769)].map(spec => ({ gmsaCredentialSpec: spec })),
      { gmsaCredentialSpecName: 'ok', gmsaCredentialSpec: '' },
    ];
    const disagreements: string[] = [];
    let invalid = 0;
    for (const u of users) {
      const engineInvalid = runAsUserNameErrors(u).length > 0;
      if (engineInvalid) invalid++;
      if (celInvalid({ u }, 'value-user') !== engineInvalid) disagreements.push(`runAsUserName ${JSON.stringify(u)}: engine invalid ${engineInvalid}`);
    }
    for (const g of gmsa) {
      const engineInvalid = (g.gmsaCredentialSpecName !== undefined && gmsaCredentialSpecNameErrors(g.gmsaCredentialSpecName).length > 0)
        || (g.gmsaCredentialSpec !== undefined && gmsaCredentialSpecErrors(g.gmsaCredentialSpec).length > 0);
      if (engineInvalid) invalid++;
      if (celInvalid(g, 'value-gmsa') !== engineInvalid) disagreements.push(`gMSA ${JSON.stringify(g).slice(0, 100)}: engine invalid ${engineInvalid}`);
    }
    // eslint-disable-next-line no-console
    console.log(`${users.length + gmsa.length} values (${invalid} invalid), ${disagreements.length} disagreements`);
    expect(disagreements).toEqual([]);
    expect(invalid).toBeGreaterThan(20);
  });
});

if (!ENABLED) {
  test('admission target tests skipped: the 1.37 control plane is not enabled', () => expect(ENABLED).toBe(false));
}
