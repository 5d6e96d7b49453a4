// The test control plane: a real kube-apiserver (with admission), kube-controller-manager,
// kube-scheduler and etcd of one Kubernetes release, with kwok playing the nodes. Started by
// kwokctl from the binaries test/cluster/build.sh builds (nothing is downloaded), in a temporary
// directory, bound to 127.0.0.1, and deleted on every exit path of the process that started it.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The Kubernetes releases there is a test control plane for. */
export type ClusterRelease = '1.27' | '1.37';
/** Both, or those listed in CLUSTER_RELEASES (`CLUSTER_RELEASES=1.37 npx jest test/cluster`). */
export const CLUSTER_RELEASES: readonly ClusterRelease[] = (['1.27', '1.37'] as const)
  .filter(r => !process.env.CLUSTER_RELEASES || process.env.CLUSTER_RELEASES.split(',').includes(r));

const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd', 'kwok', 'kwokctl'] as const;

/** The Windows node pools: a label value for `node.kubernetes.io/windows-build` per pool. */
export const WINDOWS_BUILDS = { ws2019: '10.0.17763', ws2022: '10.0.20348', ws2025: '10.0.26100' } as const;

/** test/cluster/bin/<release>/<binary> */
export function clusterBinary(release: ClusterRelease, binary: typeof BINARIES[number]): string {
  return path.join(__dirname, 'bin', release, binary);
}

function goInstalled(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

let warnedNoGo = false;
/**
 * Whether the cluster tests can run at `release`. Without Go they are skipped, loudly; with Go a
 * missing binary is a failure (npm test builds them), never a silent skip.
 */
export function clusterTestsEnabled(release: ClusterRelease): boolean {
  const missing = BINARIES.filter(b => !isExecutable(clusterBinary(release, b)));
  if (missing.length === 0) return true;
  if (goInstalled()) {
    throw new Error(`Go is installed but the ${release} test control plane is not built (missing ${missing.map(b => `test/cluster/bin/${release}/${b}`).join(', ')}): run \`bash test/cluster/build.sh\` (npm test does).`);
  }
  if (!warnedNoGo) {
    warnedNoGo = true;
    // eslint-disable-next-line no-console
    console.warn('SKIPPING the cluster tests (test/cluster): Go is not installed, so the control plane cannot be built. Install Go >= 1.26 and run `bash test/cluster/build.sh`.');
  }
  return false;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What kubectl said: its exit status and output. */
export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One object sent to the API server and what became of it. */
export interface CreateVerdict {
  readonly object: any;
  /** `created`; `rejected` by validation or admission; `unserved` when the cluster has no such kind (a CRD). */
  readonly status: 'created' | 'rejected' | 'unserved';
  /** The server's message when not created. */
  readonly message?: string;
}

/** A running control plane. Start with `TestCluster.start(release)`; `stop()` deletes it. */
export class TestCluster {
  /**
   * Starts the control plane of `release`, with the node pools and namespaces of `setUpPools`.
   * Measured on the project's 2-core machine: a few seconds, about 600 MB resident.
   */
  public static start(release: ClusterRelease): TestCluster {
    const cluster = new TestCluster(release);
    try {
      cluster.boot();
      cluster.setUpPools();
    } catch (e) {
      cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** Seconds `kwokctl create cluster` took, until every component was ready. */
  public startSeconds = 0;
  /** The kubeconfig of the cluster (in the temporary directory). */
  public readonly kubeconfig: string;
  private readonly dir: string;
  private readonly name: string;
  private readonly env: NodeJS.ProcessEnv;
  private watchdog?: ChildProcess;
  private stopped = false;
  private readonly onExit: () => void;
  private readonly onSignal: (signal: NodeJS.Signals) => void;

  private constructor(public readonly release: ClusterRelease) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-windows-cluster-${release}-`));
    this.name = `cdk8s-windows-${release.replace('.', '')}`;
    this.kubeconfig = path.join(this.dir, 'kubeconfig');
    this.env = {
      ...process.env,
      KWOK_WORKDIR: path.join(this.dir, 'kwok'),
      // Nothing may be downloaded: every binary is local. A download attempt fails on this proxy.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
      KUBECONFIG: this.kubeconfig,
    };
    this.onExit = () => this.stop();
    this.onSignal = signal => {
      this.stop();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on('exit', this.onExit);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Runs kubectl of the cluster's release against it. */
  public kubectl(args: string[], input?: string): KubectlResult {
    const result = spawnSync(clusterBinary(this.release, 'kubectl'), ['--kubeconfig', this.kubeconfig, '--cache-dir', path.join(this.dir, 'kubectl-cache'), ...args], {
      input, env: this.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  }

  /** kubectl that must succeed; its stdout parsed as JSON when `-o json` is asked for. */
  public kubectlOk(args: string[], input?: string): string {
    const result = this.kubectl(args, input);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** `kubectl get` as parsed items. */
  public get(resource: string, namespace?: string): any[] {
    const scope = namespace ? ['-n', namespace] : ['-A'];
    return JSON.parse(this.kubectlOk(['get', resource, ...scope, '-o', 'json'])).items;
  }

  /**
   * Creates the objects as they are (no dry run), in one kubectl call, in `namespace` when an
   * object names none; says what the server did with each. kubectl sends one create request per
   * object, in order, and goes on after a refusal.
   */
  public create(objects: any[], namespace?: string): CreateVerdict[] {
    if (objects.length === 0) return [];
    const args = ['create', '-f', '-', '-o', 'name'];
    if (namespace) args.push('-n', namespace);
    const result = this.kubectl(args, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    const created = new Set(result.stdout.split('\n').map(line => line.trim()).filter(Boolean));
    const errors = result.stderr.split('\n').filter(line => line.trim());
    return objects.map(object => {
      const [group] = String(object.apiVersion).split('/').reverse().slice(1);
      const name = `${String(object.kind).toLowerCase()}${group ? `.${group}` : ''}/${object.metadata?.name}`;
      if (created.has(name)) return { object, status: 'created' as const };
      const message = errors.filter(line => line.includes(`"${object.metadata?.name}"`)).join('\n') || result.stderr.trim();
      if (/no matches for kind|resource mapping not found|could not find the requested resource/.test(message)) return { object, status: 'unserved' as const, message };
      // Cluster-scoped objects several cases share (a RuntimeClass, a Namespace) are made once.
      if (/AlreadyExists|already exists/.test(message)) return { object, status: 'created' as const, message };
      return { object, status: 'rejected' as const, message };
    });
  }

  /** The kinds the cluster serves that are not namespaced (Namespace, Node, RuntimeClass...). */
  public clusterScopedKinds(): Set<string> {
    const out = this.kubectlOk(['api-resources', '--namespaced=false', '--no-headers']);
    return new Set(out.split('\n').filter(Boolean).map(line => line.trim().split(/\s+/).pop()!));
  }

  /** Deletes the cluster and its temporary directory; safe to call more than once. */
  public stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    spawnSync(clusterBinary(this.release, 'kwokctl'), ['delete', 'cluster', '--name', this.name], { env: this.env, stdio: 'ignore', timeout: 60_000 });
    // Whatever kwokctl left running (a component it failed to stop) goes too.
    for (const pid of processesUnder(this.dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.watchdog?.pid) {
      try {
        process.kill(this.watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** PIDs of processes still running from the cluster's directory (none after `stop()`). */
  public strayProcesses(): number[] {
    return processesUnder(this.dir);
  }

  /** The addresses the control plane's processes listen on (`127.0.0.1:port`, `[::]:port`...). */
  public listeningAddresses(): string[] {
    const inodes = new Set<string>();
    for (const pid of processesUnder(this.dir)) {
      try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
          const match = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`));
          if (match) inodes.add(match[1]);
        }
      } catch {
        // exited meanwhile
      }
    }
    const addresses: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // fields: sl, local_address, rem_address, st (0A = LISTEN), ..., inode (10th)
        if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
        addresses.push(decodeAddress(fields[1]));
      }
    }
    return addresses.sort();
  }

  /** Resident memory of the control plane's processes, in MiB. */
  public residentMiB(): number {
    let kb = 0;
    for (const pid of processesUnder(this.dir)) {
      try {
        kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        // exited meanwhile
      }
    }
    return Math.round(kb / 1024);
  }

  private boot(): void {
    const bin = (b: typeof BINARIES[number]) => clusterBinary(this.release, b);
    const config = path.join(this.dir, 'kwok.yaml');
    fs.writeFileSync(config, [
      'apiVersion: config.kwok.x-k8s.io/v1alpha1',
      'kind: KwokctlConfiguration',
      'options:',
      '  bindAddress: 127.0.0.1',
      `  kubectlBinary: ${bin('kubectl')}`,
      '',
    ].join('\n'));
    fs.mkdirSync(this.env.KWOK_WORKDIR!, { recursive: true });
    this.startWatchdog();
    const started = Date.now();
    const result = spawnSync(bin('kwokctl'), [
      '--config', config,
      'create', 'cluster',
      '--name', this.name,
      '--runtime', 'binary',
      '--kube-apiserver-binary', bin('kube-apiserver'),
      '--kube-controller-manager-binary', bin('kube-controller-manager'),
      '--kube-scheduler-binary', bin('kube-scheduler'),
      '--etcd-binary', bin('etcd'),
      '--kwok-controller-binary', bin('kwok'),
      '--kube-admission',
      '--extra-args', 'kube-apiserver=enable-admission-plugins=NodeRestriction,PodSecurity,RuntimeClass',
      // Dual-stack Service ranges, so IPv6 Services are judged on their own merits.
      '--extra-args', 'kube-apiserver=service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112',
      '--kubeconfig', this.kubeconfig,
      '--wait', '120s',
    ], { env: this.env, encoding: 'utf8', timeout: 180_000 });
    this.startSeconds = (Date.now() - started) / 1000;
    if (result.status !== 0) {
      throw new Error(`kwokctl create cluster (${this.release}) failed (${result.status ?? result.signal}): ${(result.stderr || String(result.error ?? '')).trim()}`);
    }
    // The controllers make the default ServiceAccount of each namespace; pods wait for it.
    waitFor(() => this.kubectl(['get', 'serviceaccount', 'default', '-n', 'default']).status === 0, 60, 'the default ServiceAccount');
  }

  /**
   * A detached watcher that deletes the cluster if this process dies without stopping it
   * (SIGKILL, a crash): no component outlives the test run.
   */
  private startWatchdog(): void {
    const kwokctl = clusterBinary(this.release, 'kwokctl');
    const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; "$0" delete cluster --name "$1" >/dev/null 2>&1; rm -rf "$2"`;
    this.watchdog = spawn('sh', ['-c', script, kwokctl, this.name, this.dir], { env: this.env, detached: true, stdio: 'ignore' });
    this.watchdog.unref();
  }

  /**
   * The node pools, as kwok-managed Node objects: Linux; Windows Server 2019, 2022 and 2025
   * (OS and build labels, the `os=windows:NoSchedule` taint, a Windows nodeInfo); AKS-style
   * Windows 2019 and 2022 pools (`kubernetes.azure.com/os-sku`, no taint, as AKS makes them).
   * The namespaces at each Pod Security level.
   */
  private setUpPools(): void {
    const nodes = [
      node('linux-1', 'linux'),
      node('win2019-1', 'windows', WINDOWS_BUILDS.ws2019),
      node('win2022-1', 'windows', WINDOWS_BUILDS.ws2022),
      node('win2025-1', 'windows', WINDOWS_BUILDS.ws2025),
      // AKS does not taint its Windows pools: pods that do not tolerate os=windows land here.
      node('akswin19-1', 'windows', WINDOWS_BUILDS.ws2019, { 'kubernetes.azure.com/os-sku': 'Windows2019', 'kubernetes.azure.com/agentpool': 'win19' }, false),
      node('akswin22-1', 'windows', WINDOWS_BUILDS.ws2022, { 'kubernetes.azure.com/os-sku': 'Windows2022', 'kubernetes.azure.com/agentpool': 'win22' }, false),
    ];
    const namespaces = NAMESPACES.map(ns => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns.name, labels: { 'pod-security.kubernetes.io/enforce': ns.level, 'pod-security.kubernetes.io/enforce-version': ns.version === 'pinned' ? `v${this.release}` : 'latest' } },
    }));
    for (const verdict of this.create([...nodes, ...namespaces])) {
      if (verdict.status !== 'created') throw new Error(`setting up the ${this.release} cluster: ${verdict.object.kind} ${verdict.object.metadata.name}: ${verdict.message}`);
    }
    waitFor(() => this.get('nodes').filter(n => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length === nodes.length, 60, 'every node Ready');
    for (const ns of NAMESPACES) {
      waitFor(() => this.kubectl(['get', 'serviceaccount', 'default', '-n', ns.name]).status === 0, 60, `the default ServiceAccount of ${ns.name}`);
    }
  }
}

/** The namespaces every test cluster has, at each Pod Security level, latest and pinned to the release. */
export const NAMESPACES = [
  { name: 'psa-privileged', level: 'privileged', version: 'latest' },
  { name: 'psa-baseline', level: 'baseline', version: 'latest' },
  { name: 'psa-restricted', level: 'restricted', version: 'latest' },
  { name: 'psa-baseline-pinned', level: 'baseline', version: 'pinned' },
  { name: 'psa-restricted-pinned', level: 'restricted', version: 'pinned' },
] as const;

function node(name: string, osName: 'linux' | 'windows', build?: string, extraLabels: { [key: string]: string } = {}, tainted = osName === 'windows'): any {
  const windows = osName === 'windows';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      // kwokctl's kwok controller manages the nodes carrying this annotation.
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': osName,
        'kubernetes.io/arch': 'amd64',
        'type': 'kwok',
        ...(build ? { 'node.kubernetes.io/windows-build': build } : {}),
        ...extraLabels,
      },
    },
    spec: tainted ? { taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] } : {},
    status: {
      // Room for every case of the corpus at once.
      allocatable: { cpu: '1k', memory: '4Ti', pods: '1k' },
      capacity: { cpu: '1k', memory: '4Ti', pods: '1k' },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: osName,
        kernelVersion: windows ? `${build}.1` : '6.8.0',
        osImage: windows ? `Windows Server ${({ [WINDOWS_BUILDS.ws2019]: '2019', [WINDOWS_BUILDS.ws2022]: '2022', [WINDOWS_BUILDS.ws2025]: '2025' } as any)[build!]} Datacenter` : 'Ubuntu 24.04 LTS',
        containerRuntimeVersion: 'containerd://1.7.20',
        kubeletVersion: 'kwok',
        kubeProxyVersion: 'kwok',
        bootID: '',
        machineID: '',
        systemUUID: '',
      },
    },
  };
}

/** Polls `condition` every 200 ms for up to `seconds`; throws naming `what` when it never holds. */
export function waitFor(condition: () => boolean, seconds: number, what: string): void {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

function safeReadlink(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return '';
  }
}

/** `0100007F:1F90` -> `127.0.0.1:8080`; IPv6 in /proc/net/tcp6 form -> `[hex]:port` (`[::]` for any). */
function decodeAddress(hex: string): string {
  const [address, port] = hex.split(':');
  const portNumber = parseInt(port, 16);
  if (address.length === 8) {
    const bytes = address.match(/../g)!.map(b => parseInt(b, 16)).reverse();
    return `${bytes.join('.')}:${portNumber}`;
  }
  if (/^0+$/.test(address)) return `[::]:${portNumber}`;
  // IPv4-mapped (::ffff:a.b.c.d) keeps the IPv4 form.
  if (address.startsWith('0000000000000000FFFF0000')) return `${decodeAddress(`${address.slice(24)}:${port}`)}`;
  return `[${address}]:${portNumber}`;
}

/** PIDs whose command line mentions `dir` (the cluster's components run from files under it). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(dir) && !cmdline.startsWith('sh\0-c\0while kill')) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
