/** Command-line arguments of `cdk8s-windows check`. */
import { parseArgs } from 'node:util';
import { parseNamespaceLabels } from './namespace-labels';
import { Platform } from '../model/platform';
import { NamespacePodSecurity } from '../model/pod-security';
import { ContainerRuntime, Isolation, KubernetesVersion, TargetProfile, WindowsServerVersion } from '../model/profile';

/** Output formats. */
/**
 * The release the checker targets unless told otherwise: the newest. It reads manifests the
 * library did not write (Helm output, vendors' YAML), which target the clusters people run today;
 * the constructs and the validation plugin default to 1.27, the release cdk8s-plus-27 emits for.
 */
export const CHECKER_DEFAULT_KUBERNETES_VERSION = '1.37';

export const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type Format = typeof FORMATS[number];

/** What `check` was asked to do. */
export interface CheckArguments {
  readonly command: 'check';
  /** Paths as given; `-` (or none) is stdin. */
  readonly paths: string[];
  readonly profile: TargetProfile;
  readonly format: Format;
  readonly strict: boolean;
  readonly assumeWindows: boolean;
  /** `--cluster`: read a running cluster instead of paths. */
  readonly cluster?: ClusterArguments;
  /** `--nodes`: a file of Node objects whose pools the scheduling rules judge pods by. */
  readonly nodes?: string;
}

/** Where `--cluster` reads. */
export interface ClusterArguments {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
}

/** What `policies` was asked to print. */
export interface PoliciesArguments {
  readonly command: 'policies';
  readonly profile: TargetProfile;
  /** `--rules`: only these rules. */
  readonly rules?: string[];
  readonly failurePolicy: 'Fail' | 'Ignore';
}

/** The outcome of parsing argv: a check to run, policies to print, help or version to print, or a usage error. */
export type ParsedArguments =
  | CheckArguments
  | PoliciesArguments
  | { readonly command: 'help' }
  | { readonly command: 'version' }
  | { readonly command: 'error'; readonly message: string };

export const USAGE = `Usage: cdk8s-windows check [options] [paths...|-]
       cdk8s-windows check --cluster [--kubeconfig <file>] [--context <name>] [--namespace <ns>] [options]
       cdk8s-windows policies [--kubernetes-version <1.N>] [--windows-version <v>] [--platform <p>] [--rules <a,b>] [--failure-policy Fail|Ignore]

Checks Kubernetes manifests (YAML or JSON, multi-document) against the Windows rules.
Paths are files or directories (searched recursively for .yaml, .yml and .json files,
hidden entries skipped); '-' or no path reads standard input.

What is checked:
  Pods and workloads that target Windows (spec.os.name, a kubernetes.io/os=windows or
  node.kubernetes.io/windows-build node selector or required node affinity, or a Windows
  RuntimeClass): every rule. Other pods: the placement rules only (a Windows image without
  Windows placement). Services that select a Windows workload of the input: the Service
  rules. Other built-in kinds are clean; other API groups (CRDs) are skipped and counted.
  The Namespaces of the input (their Pod Security labels), its ServiceAccounts, roles,
  bindings and GMSACredentialSpecs are what the namespace rules judge Windows pods by.
  With node pools (--nodes, or the Nodes --cluster reads), every pod is also judged by where
  the scheduler may place it: no pool accepts it, a pod not meant for Windows can land on a
  Windows pool, a Windows pod can land on a pool of another build.

Options:
  --kubernetes-version <1.N>     target Kubernetes release, 1.14 to 1.37 (default 1.37, the newest:
                                 see docs/CLI.md; the library's constructs default to 1.27)
  --windows-version <version>    Windows Server of the nodes: 2019, 2022 or 2025 (default: not pinned)
  --runtime <runtime>            containerd or docker-ee (default containerd)
  --isolation <isolation>        process or hyperv (default process)
  --platform <platform>          generic, aks, eks, gke or openshift (default generic): also check
                                 that platform's Windows facts (Windows Server versions its node
                                 pools offer, what its admission does to Windows pods)
  --namespace-labels <ns>=<label>=<value>[,<label>=<value>...]
                                 Pod Security labels of a namespace the input does not hold
                                 (repeatable; '*' for every other namespace), e.g.
                                 web=pod-security.kubernetes.io/enforce=restricted,enforce-version=v1.30
  --nodes <file>                 the cluster's Node objects (kubectl get nodes -o yaml > nodes.yaml):
                                 nodes with the same labels and taints make a pool, and pods are
                                 judged by the pools the scheduler may place them on
  --format <format>              text, json, sarif or junit (default text)
  --strict                       warnings fail the check too
  --assume-windows               treat every pod as a Windows pod, every Service as fronting one
  --cluster                      check the objects of a running cluster instead of files: workloads,
                                 Services, and what rules look at (RuntimeClasses, claims, autoscalers,
                                 Namespaces, Nodes: their pools, as with --nodes); the user needs get
                                 and list on them (docs/CLI.md)
  --kubeconfig <file>            with --cluster: the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context <name>               with --cluster: the kubeconfig context (default: its current context)
  -n, --namespace <namespace>    with --cluster: only this namespace (default: every namespace)
  -h, --help                     print this help
  --version                      print the version

'policies' prints the rules as ValidatingAdmissionPolicies and bindings (YAML) for the target
(--kubernetes-version 1.30 or newer: the release that made them GA; the default is 1.37):
  cdk8s-windows policies --windows-version 2022 | kubectl apply -f -
  --rules <rule,rule...>         only these rules (default: every rule that has a policy)
  --failure-policy <policy>      Fail or Ignore: what the API server does when a policy cannot be
                                 evaluated (default Fail)

Suppress a rule on one object with the annotation
  ignore-check.cdk8s-windows.io/<rule>: "<reason, at least 10 characters>"

Exit status:
  0  no blocking finding (warnings are allowed unless --strict)
  1  a blocking finding: an error (or, with --strict, a warning) that is not suppressed
  2  a usage error, or input that could not be read or parsed (files, documents); everything
     readable is still checked and reported, and 2 wins over 1 because the check is incomplete
`;

const ENUM_FLAGS: { [flag: string]: readonly string[] } = {
  runtime: Object.values(ContainerRuntime),
  isolation: Object.values(Isolation),
  platform: Object.values(Platform),
  format: FORMATS,
};

/** Parses `argv` (without the node and script paths). Never throws. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'kubernetes-version': { type: 'string' },
        'windows-version': { type: 'string' },
        'runtime': { type: 'string' },
        'isolation': { type: 'string' },
        'platform': { type: 'string' },
        'namespace-labels': { type: 'string', multiple: true },
        'nodes': { type: 'string' },
        'format': { type: 'string' },
        'strict': { type: 'boolean' },
        'assume-windows': { type: 'boolean' },
        'cluster': { type: 'boolean' },
        'kubeconfig': { type: 'string' },
        'context': { type: 'string' },
        'namespace': { type: 'string', short: 'n' },
        'help': { type: 'boolean', short: 'h' },
        'version': { type: 'boolean' },
        'rules': { type: 'string' },
        'failure-policy': { type: 'string' },
      },
    });
  } catch (error) {
    return { command: 'error', message: String((error as Error).message ?? error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };

  const words = [...positionals];
  const policies = words[0] === 'policies';
  if (words[0] === 'check' || policies) {
    words.shift();
  } else if (words.length > 0 && !looksLikePath(words[0])) {
    return { command: 'error', message: `unknown command '${words[0]}': the commands are 'check' and 'policies'` };
  }
  const policyFlags = (['rules', 'failure-policy'] as const).filter(flag => values[flag] !== undefined);
  if (!policies && policyFlags.length > 0) return { command: 'error', message: `--${policyFlags[0]} goes with the policies command` };

  for (const [flag, accepted] of Object.entries(ENUM_FLAGS)) {
    const value = (values as { [key: string]: unknown })[flag];
    if (value !== undefined && !accepted.includes(String(value))) {
      return { command: 'error', message: `--${flag}: invalid value '${value}': expected one of ${accepted.join(', ')}` };
    }
  }
  let kubernetesVersion: KubernetesVersion | undefined;
  let windowsServerVersion: WindowsServerVersion | undefined;
  try {
    kubernetesVersion = values['kubernetes-version'] === undefined ? undefined : KubernetesVersion.of(values['kubernetes-version']);
  } catch (error) {
    return { command: 'error', message: `--kubernetes-version: ${(error as Error).message}` };
  }
  try {
    windowsServerVersion = values['windows-version'] === undefined ? undefined : WindowsServerVersion.of(values['windows-version']);
  } catch (error) {
    return { command: 'error', message: `--windows-version: ${(error as Error).message}` };
  }
  let podSecurity: NamespacePodSecurity[] | undefined;
  try {
    podSecurity = values['namespace-labels'] === undefined ? undefined : parseNamespaceLabels(values['namespace-labels']);
  } catch (error) {
    return { command: 'error', message: `--namespace-labels: ${(error as Error).message}` };
  }
  let profile: TargetProfile;
  try {
    profile = TargetProfile.of({
      kubernetesVersion: kubernetesVersion ?? KubernetesVersion.of(CHECKER_DEFAULT_KUBERNETES_VERSION),
      windowsServerVersion,
      runtime: values.runtime as ContainerRuntime | undefined,
      isolation: values.isolation as Isolation | undefined,
      podSecurity,
      platform: values.platform as Platform | undefined,
    });
  } catch (error) {
    return { command: 'error', message: `--runtime/--kubernetes-version: ${(error as Error).message}` };
  }
  if (policies) return policiesArguments(values, words, profile);
  if (words.filter(w => w === '-').length > 1) return { command: 'error', message: "'-' (standard input) can be given only once" };
  const clusterFlags = (['kubeconfig', 'context', 'namespace'] as const).filter(flag => values[flag] !== undefined);
  if (!values.cluster && clusterFlags.length > 0) {
    return { command: 'error', message: `--${clusterFlags[0]} goes with --cluster (it says which cluster to read)` };
  }
  if (values.cluster && words.length > 0) {
    return { command: 'error', message: `--cluster reads a running cluster: give no paths (got '${words[0]}')` };
  }
  if (values.cluster && values.nodes !== undefined) {
    return { command: 'error', message: '--nodes and --cluster: give one (--cluster reads the cluster\'s Nodes itself)' };
  }
  if (values.nodes === '') return { command: 'error', message: '--nodes: empty value: give a file of Node objects' };
  for (const flag of clusterFlags) {
    if (values[flag] === '') return { command: 'error', message: `--${flag}: empty value` };
  }
  return {
    command: 'check',
    paths: words,
    profile,
    format: (values.format ?? 'text') as Format,
    strict: values.strict === true,
    assumeWindows: values['assume-windows'] === true,
    ...(values.nodes !== undefined ? { nodes: values.nodes } : {}),
    ...(values.cluster ? { cluster: { kubeconfig: values.kubeconfig, context: values.context, namespace: values.namespace } } : {}),
  };
}

/** The policies command's arguments, or why they are wrong. */
function policiesArguments(values: { readonly [flag: string]: unknown }, words: string[], profile: TargetProfile): ParsedArguments {
  if (words.length > 0) return { command: 'error', message: `policies takes no paths (got '${words[0]}')` };
  const checkOnly = ['format', 'strict', 'assume-windows', 'cluster', 'kubeconfig', 'context', 'namespace', 'namespace-labels'].filter(flag => values[flag] !== undefined);
  if (checkOnly.length > 0) return { command: 'error', message: `--${checkOnly[0]} goes with the check command, not policies` };
  const failurePolicy = values['failure-policy'] ?? 'Fail';
  if (failurePolicy !== 'Fail' && failurePolicy !== 'Ignore') {
    return { command: 'error', message: `--failure-policy: invalid value '${failurePolicy}': expected Fail or Ignore` };
  }
  const rules = typeof values.rules === 'string' ? values.rules.split(',').map(r => r.trim()).filter(Boolean) : undefined;
  if (rules && rules.length === 0) return { command: 'error', message: '--rules: give at least one rule name' };
  return { command: 'policies', profile, failurePolicy, ...(rules ? { rules } : {}) };
}

/** A first word that is not `check` is accepted as a path when it looks like one (so `check` is optional). */
function looksLikePath(word: string): boolean {
  return word === '-' || /[./\\]/.test(word);
}
