// The engine's Pod Security verdicts against a real API server's. Every pod of the namespace rules'
// examples (test/rules/namespace/examples.ts) and a set of Windows pods covering each check a
// Windows pod can meet, as a bare Pod, in namespaces at each level (privileged, baseline,
// restricted) and policy version (latest, v1.24, v1.25, v1.27), on the control plane of each
// release: enforce labels (the API server refuses the Pod at create, naming each failed check) and
// warn labels (it admits the Pod and returns a `Warning: would violate PodSecurity` header). The
// engine is given the same pod and the same Namespace; pod-security-enforce and pod-security-warn
// must name the same checks, with the same text, as the server (0 disagreements).
//
// Creates are server-side dry runs (`?dryRun=All`: admission runs, nothing is stored), sent over
// HTTPS like kubectl sends them (kubectl prints each distinct warning once per run, so a batch
// through kubectl would lose repeated warnings). The namespaces at `latest` are also created for
// real, and the verdicts must equal the dry run's.
import * as http from 'http';
import * as https from 'https';
import { environmentFor } from './environment';
import { CLUSTER_RELEASES, ClusterRelease, clusterTestsEnabled, TestCluster, waitFor } from './harness';
import { KubernetesVersion, TargetProfile, WindowsRules } from '../../src';
import { loadConnection } from '../../src/cli/kubeconfig';
import { findPodSpec } from '../../src/model/manifest';
import { EXAMPLES } from '../rules/namespace/examples';
import { windowsContainer, windowsPodSpec } from '../support/fixtures';

jest.setTimeout(600_000);

const RELEASES = CLUSTER_RELEASES.filter(clusterTestsEnabled);
const maybe = RELEASES.length > 0 ? describe : describe.skip;

/** One pod judged in every namespace. */
interface PodCase {
  /** What the pod is, for the table. */
  readonly label: string;
  readonly pod: any;
}

const DNS = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every pod of the namespace rules' examples, as a bare Pod (identical pod specs once). */
function examplePods(): PodCase[] {
  const seen = new Set<string>();
  const cases: PodCase[] = [];
  for (const examples of EXAMPLES) {
    for (const [kind, list] of [['violating', examples.violating], ['passing', examples.passing]] as const) {
      list.forEach((example, e) => {
        for (const object of example.objects as any[]) {
          const location = findPodSpec(object);
          if (!location) continue;
          const key = JSON.stringify(location.spec);
          if (seen.has(key)) continue;
          seen.add(key);
          const name = `${DNS(examples.rule).split('-').map(w => w[0]).join('')}-${kind[0]}${e}-${DNS(object.metadata.name)}`.slice(0, 60);
          cases.push({
            label: `${examples.rule} ${kind} #${e} (${object.kind} ${object.metadata.name}): ${example.name}`,
            pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: location.spec },
          });
        }
      });
    }
  }
  return cases;
}

const pod = (name: string, spec: any): any => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
const NO_OS = { os: undefined };

/** Windows pods meeting each Pod Security check a Windows pod can meet. */
const WINDOWS_PODS: PodCase[] = [
  { label: 'ContainerUser, runAsNonRoot, spec.os', pod: pod('w-containeruser', windowsPodSpec()) },
  {
    label: 'HostProcess (SYSTEM, host network, no ports)',
    pod: pod('w-hostprocess', windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
      containers: [windowsContainer({ ports: undefined })],
    })),
  },
  {
    label: 'HostProcess with a container port (host network: the API server defaults hostPort to it)',
    pod: pod('w-hostprocess-port', windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    })),
  },
  { label: 'runAsNonRoot missing (ContainerUser)', pod: pod('w-nonroot-missing', windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })) },
  { label: 'runAsNonRoot: false', pod: pod('w-nonroot-false', windowsPodSpec({ securityContext: { runAsNonRoot: false, windowsOptions: { runAsUserName: 'ContainerUser' } } })) },
  { label: 'ContainerAdministrator, runAsNonRoot missing', pod: pod('w-admin', windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } })) },
  // PSA reads the field, not the account: admitted at restricted (the node then refuses to start it,
  // which kwok cannot show; the engine's run-as-non-root-conflict rule reports it).
  { label: 'ContainerAdministrator with runAsNonRoot: true', pod: pod('w-admin-nonroot-true', windowsPodSpec({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerAdministrator' } } })) },
  {
    label: 'ContainerAdministrator on one container, the pod non-root',
    pod: pod('w-admin-container', windowsPodSpec({
      containers: [windowsContainer({ name: 'iis', securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } }), windowsContainer({ name: 'logs', ports: undefined })],
    })),
  },
  { label: 'container runAsNonRoot: false under a non-root pod', pod: pod('w-container-nonroot-false', windowsPodSpec({ containers: [windowsContainer({ securityContext: { runAsNonRoot: false } })] })) },
  { label: 'hostNetwork (no HostProcess), no ports', pod: pod('w-hostnetwork', windowsPodSpec({ hostNetwork: true, containers: [windowsContainer({ ports: undefined })] })) },
  { label: 'hostPath directory', pod: pod('w-hostpath', windowsPodSpec({ volumes: [{ name: 'data', hostPath: { path: 'C:\\data' } }] })) },
  { label: 'hostPath named pipe', pod: pod('w-hostpath-pipe', windowsPodSpec({ volumes: [{ name: 'pipe', hostPath: { path: '\\\\.\\pipe\\docker_engine' } }] })) },
  { label: 'hostPort', pod: pod('w-hostport', windowsPodSpec({ containers: [windowsContainer({ ports: [{ containerPort: 80, hostPort: 8080 }] })] })) },
  { label: 'privileged, no spec.os (the API server refuses privileged with spec.os windows)', pod: pod('w-privileged-noos', windowsPodSpec({ ...NO_OS, containers: [windowsContainer({ securityContext: { privileged: true } })] })) },
  { label: 'no spec.os, otherwise as the library writes it', pod: pod('w-noos', windowsPodSpec(NO_OS)) },
  {
    label: 'no spec.os, with the restricted fields Linux pods set',
    pod: pod('w-noos-hardened', windowsPodSpec({
      ...NO_OS,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, windowsOptions: { runAsUserName: 'ContainerUser' } },
      containers: [windowsContainer({ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })],
    })),
  },
  { label: 'no spec.os, capabilities add NET_ADMIN', pod: pod('w-noos-capabilities', windowsPodSpec({ ...NO_OS, containers: [windowsContainer({ securityContext: { capabilities: { add: ['NET_ADMIN'] } } })] })) },
  { label: 'no spec.os, runAsUser 0', pod: pod('w-noos-runasuser0', windowsPodSpec({ ...NO_OS, containers: [windowsContainer({ securityContext: { runAsUser: 0 } })] })) },
  { label: 'azureFile volume', pod: pod('w-azurefile', windowsPodSpec({ volumes: [{ name: 'files', azureFile: { secretName: 'azure-files', shareName: 'share' } }] })) },
  {
    label: 'azureDisk volume',
    pod: pod('w-azuredisk', windowsPodSpec({ volumes: [{ name: 'disk', azureDisk: { kind: 'Managed', diskName: 'data', diskURI: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/data' } }] })),
  },
  {
    label: 'CSI (SMB), configMap, secret, emptyDir, projected volumes',
    pod: pod('w-allowed-volumes', windowsPodSpec({
      volumes: [
        { name: 'smb', csi: { driver: 'smb.csi.k8s.io', volumeAttributes: { source: '//smb.contoso.com/share' } } },
        { name: 'config', configMap: { name: 'c' } }, { name: 'creds', secret: { secretName: 's' } }, { name: 'scratch', emptyDir: {} },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ],
    })),
  },
  { label: 'httpGet probe with a host', pod: pod('w-probe-host', windowsPodSpec({ containers: [windowsContainer({ livenessProbe: { httpGet: { path: '/', port: 80, host: '10.0.0.1' } } })] })) },
];

const CASES: PodCase[] = [...examplePods(), ...WINDOWS_PODS];

const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const VERSIONS = ['latest', 'v1.24', 'v1.25', 'v1.27'] as const;

/** A namespace with one Pod Security mode at one level and version. */
interface Target {
  readonly name: string;
  readonly mode: 'enforce' | 'warn';
  readonly level: string;
  readonly version: string;
}
const TARGETS: Target[] = (['enforce', 'warn'] as const).flatMap(mode => LEVELS.flatMap(level => VERSIONS.map(version => ({
  name: `${mode[0]}-${level}-${DNS(version)}`, mode, level, version,
}))));

const namespaceObject = (t: Target) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: t.name, labels: { [`pod-security.kubernetes.io/${t.mode}`]: t.level, [`pod-security.kubernetes.io/${t.mode}-version`]: t.version } },
});

/** A verdict: `admitted`, or the failed checks as the server words them (`reason (detail)`), sorted. */
type Verdict = string;
const verdictOf = (failures: string[]): Verdict => failures.length === 0 ? 'admitted' : failures.sort().join('; ');

/** `a (b), c (d, e)` -> [`a (b)`, `c (d, e)`]: splits at commas outside parentheses and quotes. */
function splitFailures(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '"' && list[i - 1] !== '\\') {quoted = !quoted;} else if (!quoted && ch === '(') {depth++;} else if (!quoted && ch === ')') {depth--;} else if (!quoted && depth === 0 && ch === ',' && list[i + 1] === ' ') {
      items.push(list.slice(start, i));
      start = i + 2;
    }
  }
  items.push(list.slice(start));
  return items.map(s => s.trim()).filter(Boolean);
}

/** The failed checks in a PodSecurity message (`... violates PodSecurity "restricted:latest": a (b), c (d)`). */
function failuresIn(message: string): string[] {
  const match = /PodSecurity "[^"]+": (.*)$/s.exec(message);
  if (!match) throw new Error(`not a PodSecurity message: ${message}`);
  return splitFailures(match[1]);
}

/** What the API server did with one Pod: its verdict for the namespace's mode, or why it refused otherwise. */
interface ServerAnswer {
  readonly status: number;
  readonly message: string;
  readonly warnings: string[];
}

/** The API server over HTTPS with the cluster's kubeconfig, as kubectl talks to it. */
class Api {
  private readonly agent: https.Agent;
  private readonly server: URL;
  constructor(kubeconfig: string) {
    const connection = loadConnection({ kubeconfig });
    this.server = new URL(connection.server);
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ca: connection.ca,
      cert: connection.clientCertificate,
      key: connection.clientKey,
      rejectUnauthorized: !connection.insecureSkipTlsVerify,
    });
  }

  public createPod(namespace: string, object: any, dryRun: boolean): Promise<ServerAnswer> {
    const body = JSON.stringify(object);
    return new Promise((resolve, reject) => {
      const request = https.request({
        agent: this.agent,
        host: this.server.hostname,
        port: this.server.port,
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/pods?fieldManager=cdk8s-windows-test${dryRun ? '&dryRun=All' : ''}`,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      }, (response: http.IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => text += chunk);
        response.on('end', () => {
          const warnings: string[] = [];
          for (let i = 0; i < response.rawHeaders.length; i += 2) {
            if (response.rawHeaders[i].toLowerCase() !== 'warning') continue;
            // RFC 7234: 299 - "text", the text a quoted-string.
            const match = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(response.rawHeaders[i + 1]);
            warnings.push(match ? match[1].replace(/\\(.)/g, '$1') : response.rawHeaders[i + 1]);
          }
          let message = '';
          try {
            message = JSON.parse(text).message ?? '';
          } catch {
            message = text;
          }
          resolve({ status: response.statusCode ?? 0, message, warnings });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  public close(): void {
    this.agent.destroy();
  }
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
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

/** The server's verdict for the target's mode; anything but a PodSecurity refusal or warning is named as it is. */
function serverVerdict(t: Target, answer: ServerAnswer): Verdict {
  if (t.mode === 'enforce') {
    if (answer.status === 201) return 'admitted';
    if (answer.status === 403 && answer.message.includes('violates PodSecurity')) return verdictOf(failuresIn(answer.message));
    return `refused (${answer.status}): ${answer.message}`;
  }
  if (answer.status !== 201) return `refused (${answer.status}): ${answer.message}`;
  const warnings = answer.warnings.filter(w => w.startsWith('would violate PodSecurity'));
  return verdictOf(warnings.flatMap(failuresIn));
}

/** The engine's verdict: the findings of the mode's rule, as `reason (detail)`. */
function engineVerdicts(release: ClusterRelease, t: Target): Map<string, Verdict> {
  const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release) });
  const rule = t.mode === 'enforce' ? 'pod-security-enforce' : 'pod-security-warn';
  const pods = CASES.map(c => ({ ...c.pod, metadata: { ...c.pod.metadata, namespace: t.name } }));
  const findings = WindowsRules.check([namespaceObject(t), ...pods], profile).filter(f => f.rule === rule);
  const verdicts = new Map<string, Verdict>();
  for (const c of CASES) {
    const failures = findings.filter(f => f.resource.name === c.pod.metadata.name).map(f => {
      // `... check <id> (<reason>: <detail>).` and the rule's explanation after it.
      const match = /check \S+ \((.*?)\)(?:\. |\.?$)/s.exec(f.message);
      if (!match) throw new Error(`${rule} message without its check: ${f.message}`);
      const colon = match[1].indexOf(': ');
      return colon < 0 ? match[1] : `${match[1].slice(0, colon)} (${match[1].slice(colon + 2)})`;
    });
    verdicts.set(c.pod.metadata.name, verdictOf(failures));
  }
  return verdicts;
}

interface Row {
  readonly case: string;
  readonly pod: string;
  readonly namespace: string;
  readonly engine: Verdict;
  readonly cluster: Verdict;
}

maybe.each(RELEASES)('Pod Security on a running %s control plane', release => {
  let cluster: TestCluster;
  let api: Api;
  const rows: Row[] = [];
  const realRows = new Map<string, Verdict>();
  let seconds = 0;

  beforeAll(async () => {
    cluster = TestCluster.start(release);
    api = new Api(cluster.kubeconfig);
    const pods = CASES.map(c => c.pod);
    const namespaces = TARGETS.map(namespaceObject);
    for (const v of cluster.create(namespaces)) if (v.status !== 'created') throw new Error(`Namespace ${v.object.metadata.name}: ${v.message}`);
    for (const t of TARGETS) {
      // Pods wait for their ServiceAccounts (the default one is made by the controllers).
      waitFor(() => cluster.kubectl(['get', 'serviceaccount', 'default', '-n', t.name]).status === 0, 60, `the default ServiceAccount of ${t.name}`);
      const environment = environmentFor(pods, t.name).filter(o => o.kind === 'ServiceAccount');
      for (const v of cluster.create(environment, t.name)) if (v.status !== 'created') throw new Error(`${v.object.kind} ${v.object.metadata.name}: ${v.message}`);
    }
    const started = Date.now();
    const jobs = TARGETS.flatMap(t => CASES.map(c => async () => ({ t, c, answer: await api.createPod(t.name, c.pod, true) })));
    const answers = await pool(jobs, 8);
    seconds = (Date.now() - started) / 1000;
    const engine = new Map(TARGETS.map(t => [t.name, engineVerdicts(release, t)]));
    for (const { t, c, answer } of answers) {
      rows.push({ case: c.label, pod: c.pod.metadata.name, namespace: `${t.mode} ${t.level}:${t.version}`, engine: engine.get(t.name)!.get(c.pod.metadata.name)!, cluster: serverVerdict(t, answer) });
    }
    // The same creates, for real, in the namespaces at latest.
    const real = await pool(TARGETS.filter(t => t.version === 'latest').flatMap(t => CASES.map(c => async () => ({ t, c, answer: await api.createPod(t.name, c.pod, false) }))), 8);
    for (const { t, c, answer } of real) realRows.set(`${t.name}/${c.pod.metadata.name}`, serverVerdict(t, answer));
  }, 900_000);

  afterAll(() => {
    api?.close();
    cluster?.stop();
  });

  test('the engine\'s pod-security-enforce and pod-security-warn verdicts equal the API server\'s on every pod, level and version', () => {
    const disagreements = rows.filter(r => r.engine !== r.cluster);
    const table = [
      `Pod Security on ${release}: ${CASES.length} pods x ${TARGETS.length} namespaces = ${rows.length} cases, ${rows.length - disagreements.length} agree, ${disagreements.length} disagree; ${seconds.toFixed(1)} s of server dry-run creates`,
      '| case | namespace (mode level:version) | engine | cluster | |',
      '|---|---|---|---|---|',
      ...rows.map(r => `| ${r.pod}: ${r.case} | ${r.namespace} | ${r.engine} | ${r.cluster} | ${r.engine === r.cluster ? 'same' : 'DIFFERENT'} |`),
    ];
    // eslint-disable-next-line no-console
    console.log(table.join('\n'));
    expect(rows).toHaveLength(CASES.length * TARGETS.length);
    expect(disagreements).toEqual([]);
  });

  test('every level refuses or warns about some pod and admits others (the comparison can fail both ways)', () => {
    for (const level of ['baseline', 'restricted']) {
      for (const mode of ['enforce', 'warn']) {
        const verdicts = rows.filter(r => r.namespace.startsWith(`${mode} ${level}:`)).map(r => r.cluster);
        expect({ level, mode, admitted: verdicts.includes('admitted') }).toEqual({ level, mode, admitted: true });
        expect({ level, mode, refused: verdicts.some(v => v !== 'admitted') }).toEqual({ level, mode, refused: true });
      }
    }
    expect(rows.filter(r => r.namespace.includes('privileged')).map(r => r.cluster).filter(v => v !== 'admitted')).toEqual([]);
  });

  test('a server dry run gives the same verdicts as a real create (namespaces at latest)', () => {
    const dry = rows.filter(r => r.namespace.endsWith(':latest'));
    expect(dry.length).toBe(realRows.size);
    const differ = dry.filter(r => {
      const t = TARGETS.find(x => `${x.mode} ${x.level}:${x.version}` === r.namespace)!;
      return realRows.get(`${t.name}/${r.pod}`) !== r.cluster;
    });
    expect(differ).toEqual([]);
  });
});

if (RELEASES.length === 0) {
  test('cluster tests skipped: Go is not installed', () => expect(RELEASES).toEqual([]));
}
