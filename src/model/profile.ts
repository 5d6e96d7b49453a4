import { IConstruct } from 'constructs';
import { nodePoolProblems } from './node-pool-checks';
import { NodePool } from './node-pools';
import { Platform, PLATFORM_NAMES } from './platform';
import { NamespacePodSecurity } from './pod-security';
import { podSecurityProblems } from './pod-security-labels';

/** Oldest Kubernetes minor the library targets (the release of the original Windows support overview). */
const OLDEST_MINOR = 14;
/** Newest stable Kubernetes minor known to this release of the library. */
const NEWEST_STABLE_MINOR = 37;

/**
 * A Kubernetes release, by minor version (1.14 to the newest stable).
 */
export class KubernetesVersion {
  /** Kubernetes 1.20: the last release with the HyperVContainer feature gate. */
  public static readonly V1_20 = new KubernetesVersion(20);
  /** Kubernetes 1.23: the last release with dockershim (Docker EE). */
  public static readonly V1_23 = new KubernetesVersion(23);
  /** Kubernetes 1.25: `spec.os` is GA. */
  public static readonly V1_25 = new KubernetesVersion(25);
  /** Kubernetes 1.26: HostProcess containers are GA. */
  public static readonly V1_26 = new KubernetesVersion(26);
  /** Kubernetes 1.27: what cdk8s-plus-27 emits; the default target. */
  public static readonly V1_27 = new KubernetesVersion(27);

  /**
   * Parses a version such as `1.27`, `v1.30` or `1.29.4` (the patch is ignored).
   *
   * @throws when the string is not a Kubernetes 1.x version in the supported range.
   */
  public static of(version: string): KubernetesVersion {
    const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(String(version).trim());
    if (!match) {
      throw new Error(`Invalid Kubernetes version '${version}': expected a version such as '1.27' (1.${OLDEST_MINOR} to 1.${NEWEST_STABLE_MINOR}).`);
    }
    return KubernetesVersion.fromMinor(Number(match[1]));
  }

  /**
   * The Kubernetes release 1.`minor`.
   *
   * @throws when `minor` is outside 14 to the newest stable minor.
   */
  public static fromMinor(minor: number): KubernetesVersion {
    if (!Number.isInteger(minor) || minor < OLDEST_MINOR || minor > NEWEST_STABLE_MINOR) {
      throw new Error(`Unsupported Kubernetes version 1.${minor}: cdk8s-windows targets 1.${OLDEST_MINOR} to 1.${NEWEST_STABLE_MINOR}.`);
    }
    return new KubernetesVersion(minor);
  }

  private constructor(
    /** The minor version number (27 for Kubernetes 1.27). */
    public readonly minor: number) {}

  /** Whether this release is 1.`minor` or newer. */
  public isAtLeast(minor: number): boolean {
    return this.minor >= minor;
  }

  /** The version as `1.<minor>`. */
  public toString(): string {
    return `1.${this.minor}`;
  }
}

/**
 * A Windows Server release that Windows nodes run. Process-isolated containers must use an image
 * of the same build.
 */
export class WindowsServerVersion {
  /** Windows Server 2019 (LTSC, version 1809), build 10.0.17763. */
  public static readonly WS2019 = new WindowsServerVersion('2019', 17763);
  /** Windows Server 2022 (LTSC), build 10.0.20348. */
  public static readonly WS2022 = new WindowsServerVersion('2022', 20348);
  /** Windows Server 2025 (LTSC), build 10.0.26100. */
  public static readonly WS2025 = new WindowsServerVersion('2025', 26100);

  /** Every Windows Server version the library knows, oldest first. */
  public static all(): WindowsServerVersion[] {
    return [WindowsServerVersion.WS2019, WindowsServerVersion.WS2022, WindowsServerVersion.WS2025];
  }

  /**
   * Parses `2019`, `2022`, `2025`, `ltsc2019`, `1809`, `ltsc2022`, `ltsc2025` or a build
   * such as `10.0.20348` (a trailing revision is allowed).
   *
   * @throws when the string names no known Windows Server version.
   */
  public static of(version: string): WindowsServerVersion {
    const text = String(version).trim().toLowerCase();
    const byBuild = /^10\.0\.(\d+)(?:\.\d+)?$/.exec(text);
    const found = WindowsServerVersion.all().find(v =>
      byBuild ? Number(byBuild[1]) === v.buildNumber : [v.year, `ltsc${v.year}`, `windows-server-${v.year}`].includes(text)
        || (v.year === '2019' && text === '1809'));
    if (!found) {
      throw new Error(`Unknown Windows Server version '${version}': expected 2019 (ltsc2019, 1809, 10.0.17763), 2022 (ltsc2022, 10.0.20348) or 2025 (ltsc2025, 10.0.26100).`);
    }
    return found;
  }

  /** The Windows Server version with this build number, if the library knows it. */
  public static fromBuild(buildNumber: number): WindowsServerVersion | undefined {
    return WindowsServerVersion.all().find(v => v.buildNumber === buildNumber);
  }

  private constructor(
    /** The release year, e.g. `2022`. */
    public readonly year: string,
    /** The OS build number, e.g. 20348. */
    public readonly buildNumber: number) {}

  /** The value of the node label `node.kubernetes.io/windows-build`, e.g. `10.0.20348`. */
  public get buildLabel(): string {
    return `10.0.${this.buildNumber}`;
  }

  /** `Windows Server <year>`. */
  public toString(): string {
    return `Windows Server ${this.year}`;
  }
}

/** The container runtime on the Windows nodes. */
export enum ContainerRuntime {
  /** containerd: the default, and the only runtime from Kubernetes 1.24. */
  CONTAINERD = 'containerd',
  /** Docker EE through dockershim: Kubernetes 1.23 and older. */
  DOCKER_EE = 'docker-ee',
}

/** How Windows containers are isolated from the host. */
export enum Isolation {
  /** Process isolation: the image build must equal the host build. The default. */
  PROCESS = 'process',
  /** Hyper-V isolation: each pod in a utility VM; an image older than the host build is allowed. */
  HYPERV = 'hyperv',
}

/**
 * What the manifests target. Every field is optional; unset fields come from the nearest
 * chart-wide setting (see `TargetProfile.configure`) and then the defaults.
 */
export interface WindowsTargetOptions {
  /**
   * The Kubernetes release of the cluster.
   * @default - the chart-wide setting, else Kubernetes 1.27
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * The Windows Server version of the nodes.
   * @default - the chart-wide setting, else not pinned (inferred from image tags where possible)
   */
  readonly windowsServerVersion?: WindowsServerVersion;

  /**
   * The container runtime of the Windows nodes.
   * @default - the chart-wide setting, else ContainerRuntime.CONTAINERD
   */
  readonly runtime?: ContainerRuntime;

  /**
   * The isolation of the containers.
   * @default - the chart-wide setting, else Isolation.PROCESS
   */
  readonly isolation?: Isolation;

  /**
   * The Pod Security labels of namespaces the manifests go to but do not hold (a Namespace
   * object in the manifests wins over an entry here). An entry without `namespace` stands for
   * every other namespace and for workloads that set none.
   * @default - the chart-wide setting, else none (a namespace the manifests do not hold is privileged)
   */
  readonly podSecurity?: NamespacePodSecurity[];

  /**
   * The platform the cluster runs on (AKS, EKS, GKE, OpenShift): its own Windows facts are
   * checked too (which Windows Server versions its node pools offer, what its admission does to
   * Windows pods).
   * @default - the chart-wide setting, else Platform.GENERIC (upstream Kubernetes facts only)
   */
  readonly platform?: Platform;

  /**
   * The node pools of the cluster (`WindowsNodePool.windows`, `WindowsNodePool.linux`,
   * `WindowsNodePool.fromNodes`). With them, the scheduling rules say which pools accept each
   * pod, and report pods that no pool accepts, pods not meant for Windows that can land on a
   * Windows pool, and Windows pods that can land on a pool of another build.
   * @default - the chart-wide setting, else none (the scheduling rules do not run)
   */
  readonly nodePools?: NodePool[];
}

const CONTEXT_PREFIX = 'cdk8s-windows:';
const CONTEXT_KEYS = {
  kubernetesVersion: `${CONTEXT_PREFIX}kubernetesVersion`,
  windowsServerVersion: `${CONTEXT_PREFIX}windowsServerVersion`,
  runtime: `${CONTEXT_PREFIX}runtime`,
  isolation: `${CONTEXT_PREFIX}isolation`,
  podSecurity: `${CONTEXT_PREFIX}podSecurity`,
  platform: `${CONTEXT_PREFIX}platform`,
  nodePools: `${CONTEXT_PREFIX}nodePools`,
};

/**
 * The resolved target: Kubernetes release, Windows Server version, runtime and isolation.
 * One value flows into both the constructs and the rule engine.
 */
export class TargetProfile {
  /**
   * Sets the target for everything under `scope` (an App or a Chart), as construct context.
   * Call it before adding children to `scope`; a construct's own options still win.
   *
   * Context keys (strings) can also be set directly: `cdk8s-windows:kubernetesVersion`
   * (`1.27`), `cdk8s-windows:windowsServerVersion` (`2022`), `cdk8s-windows:runtime`
   * (`containerd`, `docker-ee`), `cdk8s-windows:isolation` (`process`, `hyperv`),
   * `cdk8s-windows:podSecurity` (a JSON list of `NamespacePodSecurity`, e.g.
   * `[{"namespace":"web","enforce":"restricted"}]`), `cdk8s-windows:platform` (`generic`, `aks`,
   * `eks`, `gke`, `openshift`), `cdk8s-windows:nodePools` (a JSON list of `NodePool`, e.g.
   * `[{"name":"win22","labels":{"kubernetes.io/os":"windows"}}]`).
   *
   * @example
   * TargetProfile.configure(chart, {
   *   kubernetesVersion: KubernetesVersion.of('1.32'),
   *   windowsServerVersion: WindowsServerVersion.WS2022,
   * });
   */
  public static configure(scope: IConstruct, options: WindowsTargetOptions): void {
    if (options.kubernetesVersion) scope.node.setContext(CONTEXT_KEYS.kubernetesVersion, options.kubernetesVersion.toString());
    if (options.windowsServerVersion) scope.node.setContext(CONTEXT_KEYS.windowsServerVersion, options.windowsServerVersion.year);
    if (options.runtime) scope.node.setContext(CONTEXT_KEYS.runtime, options.runtime);
    if (options.isolation) scope.node.setContext(CONTEXT_KEYS.isolation, options.isolation);
    if (options.podSecurity) scope.node.setContext(CONTEXT_KEYS.podSecurity, JSON.stringify(options.podSecurity));
    if (options.platform) scope.node.setContext(CONTEXT_KEYS.platform, options.platform);
    if (options.nodePools) scope.node.setContext(CONTEXT_KEYS.nodePools, JSON.stringify(options.nodePools));
  }

  /**
   * The profile in force at `scope`: `overrides` first, then the nearest chart-wide setting,
   * then the defaults.
   *
   * @throws when a context value is not a valid version, runtime or isolation.
   */
  public static resolve(scope: IConstruct, overrides: WindowsTargetOptions = {}): TargetProfile {
    const context = (key: string): string | undefined => {
      const value = scope.node.tryGetContext(key);
      return value === undefined || value === null ? undefined : String(value);
    };
    const kubernetes = context(CONTEXT_KEYS.kubernetesVersion);
    const windows = context(CONTEXT_KEYS.windowsServerVersion);
    return TargetProfile.of({
      kubernetesVersion: overrides.kubernetesVersion ?? (kubernetes ? KubernetesVersion.of(kubernetes) : undefined),
      windowsServerVersion: overrides.windowsServerVersion ?? (windows ? WindowsServerVersion.of(windows) : undefined),
      runtime: overrides.runtime ?? parseEnum(ContainerRuntime, context(CONTEXT_KEYS.runtime), CONTEXT_KEYS.runtime),
      isolation: overrides.isolation ?? parseEnum(Isolation, context(CONTEXT_KEYS.isolation), CONTEXT_KEYS.isolation),
      podSecurity: overrides.podSecurity ?? parsePodSecurity(scope.node.tryGetContext(CONTEXT_KEYS.podSecurity)),
      platform: overrides.platform ?? parseEnum(Platform, context(CONTEXT_KEYS.platform), CONTEXT_KEYS.platform),
      nodePools: overrides.nodePools ?? parseNodePools(scope.node.tryGetContext(CONTEXT_KEYS.nodePools)),
    });
  }

  /**
   * A profile from options alone, with the defaults for what is unset.
   *
   * @throws when Docker EE is combined with Kubernetes 1.24 or newer (dockershim is gone).
   */
  public static of(options: WindowsTargetOptions = {}): TargetProfile {
    return new TargetProfile(options);
  }

  /** The Kubernetes release. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The Windows Server version, when pinned. */
  public readonly windowsServerVersion?: WindowsServerVersion;
  /** The container runtime. */
  public readonly runtime: ContainerRuntime;
  /** The isolation. */
  public readonly isolation: Isolation;
  /** The Pod Security labels of namespaces the manifests do not hold (see `WindowsTargetOptions.podSecurity`). */
  public readonly podSecurity: NamespacePodSecurity[];
  /** The platform the cluster runs on. */
  public readonly platform: Platform;
  /** The node pools of the cluster (see `WindowsTargetOptions.nodePools`); empty when not known. */
  public readonly nodePools: NodePool[];
  private readonly options: WindowsTargetOptions;

  private constructor(options: WindowsTargetOptions) {
    this.options = options;
    this.kubernetesVersion = options.kubernetesVersion ?? KubernetesVersion.V1_27;
    this.windowsServerVersion = options.windowsServerVersion;
    this.runtime = options.runtime ?? ContainerRuntime.CONTAINERD;
    this.isolation = options.isolation ?? Isolation.PROCESS;
    this.podSecurity = [...(options.podSecurity ?? [])];
    this.platform = options.platform ?? Platform.GENERIC;
    // Other jsii languages pass the enum as its string: a misspelt one is said here, not ignored.
    if (!(Object.values(Platform) as string[]).includes(this.platform)) {
      throw new Error(`Invalid target: platform '${this.platform}' is not one of ${Object.values(Platform).join(', ')}.`);
    }
    const seen = new Set<string>();
    for (const entry of this.podSecurity) {
      const where = entry.namespace === undefined ? 'the podSecurity entry without a namespace' : `the podSecurity entry of namespace '${entry.namespace}'`;
      const problems = podSecurityProblems(entry);
      if (problems.length > 0) throw new Error(`Invalid target: ${where}: ${problems.join('; ')}.`);
      const key = entry.namespace ?? '';
      if (seen.has(key)) throw new Error(`Invalid target: ${where} is given twice.`);
      seen.add(key);
    }
    this.nodePools = [...(options.nodePools ?? [])];
    const poolNames = new Set<string>();
    this.nodePools.forEach((pool, i) => {
      const named = typeof pool?.name === 'string' && pool.name.trim() !== '';
      const where = named ? `node pool '${pool.name}'` : `node pool ${i + 1}`;
      const problems = nodePoolProblems(pool);
      if (problems.length > 0) throw new Error(`Invalid target: ${where}: ${problems.join('; ')}.`);
      if (poolNames.has(pool.name)) throw new Error(`Invalid target: ${where} is given twice: give each pool its own name.`);
      poolNames.add(pool.name);
    });
    if (this.runtime === ContainerRuntime.DOCKER_EE && this.kubernetesVersion.isAtLeast(24)) {
      throw new Error(`Invalid target: the Docker EE runtime needs Kubernetes 1.23 or older (dockershim was removed in 1.24), but the target is ${this.kubernetesVersion}.`);
    }
  }

  /**
   * The same target with `nodePools` as its node pools (the checker's `--cluster` adds the
   * cluster's pools this way).
   */
  public withNodePools(nodePools: NodePool[]): TargetProfile {
    return new TargetProfile({ ...this.options, nodePools });
  }

  /** The same as `describe()`: what the target is, for messages and printing. */
  public toString(): string {
    return this.describe();
  }

  /**
   * A one-line description, e.g. `Kubernetes 1.27, Windows Server 2022, containerd, process
   * isolation` (with `on AKS` and the like when the platform is not generic).
   */
  public describe(): string {
    return [
      `Kubernetes ${this.kubernetesVersion}`,
      this.windowsServerVersion ? this.windowsServerVersion.toString() : 'Windows Server not pinned',
      this.runtime === ContainerRuntime.DOCKER_EE ? 'Docker EE' : 'containerd',
      this.isolation === Isolation.HYPERV ? 'Hyper-V isolation' : 'process isolation',
      ...(this.platform === Platform.GENERIC ? [] : [`on ${PLATFORM_NAMES[this.platform]}`]),
      ...(this.podSecurity.length > 0 ? [`Pod Security labels of ${this.podSecurity.map(e => e.namespace ?? '*').join(', ')}`] : []),
      ...(this.nodePools.length > 0 ? [`node pools ${this.nodePools.map(p => p.name).join(', ')}`] : []),
    ].join(', ');
  }
}

function parsePodSecurity(value: unknown): NamespacePodSecurity[] | undefined {
  return parseJsonList(value, CONTEXT_KEYS.podSecurity, '[{"namespace":"web","enforce":"restricted"}]');
}

function parseNodePools(value: unknown): NodePool[] | undefined {
  return parseJsonList(value, CONTEXT_KEYS.nodePools,
    '[{"name":"win22","labels":{"kubernetes.io/os":"windows","node.kubernetes.io/windows-build":"10.0.20348"},"taints":[{"key":"os","value":"windows","effect":"NoSchedule"}]}]');
}

/** A context value that holds a list: the list itself, or its JSON (context from cdk8s.yaml is text). */
function parseJsonList<T>(value: unknown, key: string, example: string): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  try {
    const parsed = JSON.parse(String(value));
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new Error(`Invalid context value '${String(value)}' for '${key}': expected a JSON list such as ${example}.`);
}

function parseEnum<T extends string>(values: Record<string, T>, text: string | undefined, key: string): T | undefined {
  if (text === undefined) return undefined;
  const found = Object.values(values).find(v => v === text.trim().toLowerCase());
  if (!found) {
    throw new Error(`Invalid context value '${text}' for '${key}': expected one of ${Object.values(values).join(', ')}.`);
  }
  return found;
}
