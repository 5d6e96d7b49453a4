import type { EnforcementLevel, PolicyConfigSchema, Severity as PolicySeverity } from '@pulumi/policy';
import {
  ContainerRuntime, Isolation, KubernetesVersion, NamespacePodSecurity, NodePool, Platform, Severity, TaintEffect, TargetProfile,
  WindowsServerVersion,
} from 'cdk8s-windows';

/**
 * What the Windows policy pack checks against and how hard it enforces. Give it to
 * `windowsPolicyPack`; the same properties (but `strict` and `info`, which are enforcement
 * levels) can be set per policy at run time with `pulumi preview --policy-pack-config`.
 */
export interface WindowsPolicyConfig {
  /**
   * The Kubernetes minor the cluster runs, e.g. `'1.27'`.
   * @default '1.27'
   */
  readonly kubernetesVersion?: string;
  /**
   * The Windows Server version of the nodes (`'2019'`, `'2022'`, `'2025'` or a build such as `'10.0.20348'`).
   * @default - not pinned
   */
  readonly windowsServerVersion?: string;
  /**
   * The container runtime of the Windows nodes.
   * @default 'containerd'
   */
  readonly runtime?: 'containerd' | 'docker-ee';
  /**
   * The isolation of the Windows containers.
   * @default 'process'
   */
  readonly isolation?: 'process' | 'hyperv';
  /**
   * The platform the cluster runs on: its own Windows facts are checked too (the Windows Server
   * versions its node pools offer, what its admission does to Windows pods).
   * @default 'generic'
   */
  readonly platform?: 'generic' | 'aks' | 'eks' | 'gke' | 'openshift';
  /**
   * The Pod Security labels of namespaces the stack does not hold (a Namespace resource of the
   * stack wins), e.g. `[{ namespace: 'web', enforce: 'restricted' }]`; an entry without
   * `namespace` stands for every other namespace.
   * @default - none: a namespace the stack does not hold is privileged
   */
  readonly podSecurity?: NamespacePodSecurity[];
  /**
   * The node pools of the cluster (labels and taints), e.g. `[{ name: 'win22', labels:
   * { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' }, taints:
   * [{ key: 'os', value: 'windows', effect: 'NoSchedule' }] }]`, or `WindowsNodePool.fromNodes`
   * of the cluster's Nodes: the scheduling rules then judge where each pod can land.
   * @default - none: the scheduling rules do not run
   */
  readonly nodePools?: NodePool[];
  /**
   * Treat every pod as a Windows pod and every Service as fronting one (as the checker's
   * `--assume-windows`): for programs whose Windows placement comes from elsewhere.
   * @default false
   */
  readonly assumeWindows?: boolean;
  /**
   * Warnings block too: the warnings policy is mandatory instead of advisory.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * What to do with info findings: report them (`'advisory'`) or not run the info policy.
   * @default 'advisory'
   */
  readonly info?: 'advisory' | 'disabled';
}

/** The target profile a policy config describes; defaults as `TargetProfile.of()`. */
export function profileOf(config: WindowsPolicyConfig): TargetProfile {
  return TargetProfile.of({
    kubernetesVersion: config.kubernetesVersion === undefined ? undefined : KubernetesVersion.of(config.kubernetesVersion),
    windowsServerVersion: config.windowsServerVersion === undefined ? undefined : WindowsServerVersion.of(config.windowsServerVersion),
    runtime: config.runtime === undefined ? undefined : runtimeOf(config.runtime),
    isolation: config.isolation === undefined ? undefined : isolationOf(config.isolation),
    platform: config.platform === undefined ? undefined : platformOf(config.platform),
    podSecurity: config.podSecurity === undefined ? undefined : podSecurityOf(config.podSecurity),
    nodePools: config.nodePools === undefined ? undefined : nodePoolsOf(config.nodePools),
  });
}

/**
 * The enforcement level of the findings of one severity: errors are mandatory, warnings advisory
 * (mandatory when `strict`), info advisory or disabled (`info`).
 */
export function enforcementLevelOf(severity: Severity, config: WindowsPolicyConfig): EnforcementLevel {
  switch (severity) {
    case Severity.ERROR: return 'mandatory';
    case Severity.WARNING: return config.strict ? 'mandatory' : 'advisory';
    case Severity.INFO: return config.info ?? 'advisory';
  }
}

/** The `@pulumi/policy` severity of a policy reporting findings of one severity. */
export function policySeverityOf(severity: Severity): PolicySeverity {
  switch (severity) {
    case Severity.ERROR: return 'high';
    case Severity.WARNING: return 'medium';
    case Severity.INFO: return 'low';
  }
}

/** The schema of the profile properties each policy takes as Pulumi policy config. */
export const PROFILE_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    kubernetesVersion: { type: 'string', description: 'Kubernetes minor of the cluster, e.g. "1.27"' },
    windowsServerVersion: { type: 'string', description: 'Windows Server version of the nodes: 2019, 2022, 2025 or a build 10.0.x' },
    runtime: { type: 'string', enum: ['containerd', 'docker-ee'] },
    isolation: { type: 'string', enum: ['process', 'hyperv'] },
    platform: { type: 'string', enum: Object.values(Platform), description: 'Platform of the cluster: its Windows facts are checked too' },
    podSecurity: {
      type: 'array',
      description: 'Pod Security labels of namespaces the stack does not hold, e.g. [{"namespace":"web","enforce":"restricted"}]',
      items: {
        type: 'object',
        properties: {
          namespace: { type: 'string' },
          enforce: { type: 'string', enum: ['privileged', 'baseline', 'restricted'] },
          enforceVersion: { type: 'string' },
          warn: { type: 'string', enum: ['privileged', 'baseline', 'restricted'] },
          warnVersion: { type: 'string' },
          audit: { type: 'string', enum: ['privileged', 'baseline', 'restricted'] },
          auditVersion: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
    nodePools: {
      type: 'array',
      description: 'Node pools of the cluster, e.g. [{"name":"win22","labels":{"kubernetes.io/os":"windows"},"taints":[{"key":"os","value":"windows","effect":"NoSchedule"}]}]',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          taints: {
            type: 'array',
            items: {
              type: 'object',
              properties: { key: { type: 'string' }, value: { type: 'string' }, effect: { type: 'string', enum: Object.values(TaintEffect) } },
              required: ['key', 'effect'],
              additionalProperties: false,
            },
          },
          nodeCount: { type: 'integer', minimum: 1 },
          nodeNames: { type: 'array', items: { type: 'string' } },
        },
        required: ['name'],
        additionalProperties: false,
      },
    },
    assumeWindows: { type: 'boolean', description: 'Treat every pod as a Windows pod' },
  },
};

function runtimeOf(runtime: string): ContainerRuntime {
  if (runtime === 'containerd') return ContainerRuntime.CONTAINERD;
  if (runtime === 'docker-ee') return ContainerRuntime.DOCKER_EE;
  throw new Error(`Unknown container runtime '${runtime}': expected 'containerd' or 'docker-ee'.`);
}

function platformOf(platform: string): Platform {
  const found = (Object.values(Platform) as string[]).find(p => p === platform);
  if (found === undefined) throw new Error(`Unknown platform '${platform}': expected ${Object.values(Platform).map(p => `'${p}'`).join(', ')}.`);
  return found as Platform;
}

/** The entries as the library takes them; the library says what is wrong in an entry (level, version, a namespace given twice). */
function podSecurityOf(podSecurity: unknown): NamespacePodSecurity[] {
  if (!Array.isArray(podSecurity) || podSecurity.some(entry => typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
    throw new Error(`Invalid podSecurity ${JSON.stringify(podSecurity)}: expected a list of objects such as [{ "namespace": "web", "enforce": "restricted" }].`);
  }
  return podSecurity as NamespacePodSecurity[];
}

/** The pools as the library takes them; the library says what is wrong in a pool (its name, the field). */
function nodePoolsOf(nodePools: unknown): NodePool[] {
  if (!Array.isArray(nodePools) || nodePools.some(pool => typeof pool !== 'object' || pool === null || Array.isArray(pool))) {
    throw new Error(`Invalid nodePools ${JSON.stringify(nodePools)}: expected a list of objects such as [{ "name": "win22", "labels": { "kubernetes.io/os": "windows" } }].`);
  }
  return nodePools as NodePool[];
}

function isolationOf(isolation: string): Isolation {
  if (isolation === 'process') return Isolation.PROCESS;
  if (isolation === 'hyperv') return Isolation.HYPERV;
  throw new Error(`Unknown isolation '${isolation}': expected 'process' or 'hyperv'.`);
}
