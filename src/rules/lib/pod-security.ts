/**
 * A port of the Pod Security Admission checks (k8s.io/pod-security-admission `policy/check_*.go`,
 * v0.27.16 and v0.37.2) for the fields a Windows pod can carry, and of how a namespace's labels
 * become the policy it is judged by (`api/helpers.go PolicyToEvaluate`, `policy/registry.go`).
 * Each check keeps its upstream id, level, minimum versions, overrides and reason text; what is
 * added is where the offending field is and what to change on a Windows pod.
 *
 * Not ported: the Linux-only checks (AppArmor, SELinux options, /proc mount, sysctls, and the seccomp
 * annotations baseline reads before policy v1.19): the API server refuses those fields on pods with
 * `spec.os.name: windows`, and other rules report them on any Windows pod.
 * test/conformance/pod-security.test.ts holds the port equal to the upstream evaluator.
 */
import { isObject, JsonObject, PodSpecLocation } from '../../model/manifest';
import { NamespacePodSecurity, PodSecurityLevel } from '../../model/pod-security';
import { isPodSecurityLevel, podSecurityVersionMinor, POD_SECURITY_LABELS } from '../../model/pod-security-labels';
import { TargetProfile } from '../../model/profile';
import { isContainerAdministrator } from '../../model/windows';

/** One mode of a namespace's policy: a level at a policy version (`latest` or `v1.<minor>`). */
export interface LevelVersion {
  readonly level: PodSecurityLevel;
  readonly version: string;
}

/** The policy a namespace applies to pods, by mode, and where it was declared. */
export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly warn: LevelVersion;
  readonly audit: LevelVersion;
  /** Where the labels come from, for messages: `Namespace 'web'` or `the target's podSecurity for namespace 'web'`. */
  readonly source: string;
}

/**
 * A namespace's policy from its labels, as `PolicyToEvaluate` reads them on the API server's
 * default configuration (everything privileged, latest): an invalid enforce level fails closed
 * (restricted), an invalid warn or audit level fails open (privileged), an invalid version is
 * latest, and warn takes the enforce level (and version) when enforce is stricter and warn unset.
 */
export function policyOfLabels(labels: { readonly [label: string]: unknown }, source: string): NamespacePolicy {
  const text = (label: string): string | undefined => typeof labels[label] === 'string' ? labels[label] as string : undefined;
  const version = (label: string): string => {
    const value = text(label);
    return value !== undefined && (value === 'latest' || podSecurityVersionMinor(value) !== undefined) ? value : 'latest';
  };
  const level = (label: string, failed: PodSecurityLevel): PodSecurityLevel | undefined => {
    const value = text(label);
    if (value === undefined) return undefined;
    return isPodSecurityLevel(value) ? value : failed;
  };
  const enforceLevel = level(POD_SECURITY_LABELS.enforce, PodSecurityLevel.RESTRICTED);
  const enforce = { level: enforceLevel ?? PodSecurityLevel.PRIVILEGED, version: version(POD_SECURITY_LABELS.enforceVersion) };
  const failOpen = (label: string) => level(label, PodSecurityLevel.PRIVILEGED) ?? PodSecurityLevel.PRIVILEGED;
  let warn: LevelVersion = { level: failOpen(POD_SECURITY_LABELS.warn), version: version(POD_SECURITY_LABELS.warnVersion) };
  const enforceValid = enforceLevel !== undefined && isPodSecurityLevel(text(POD_SECURITY_LABELS.enforce)!);
  if (text(POD_SECURITY_LABELS.warn) === undefined && enforceValid && strictness(enforce.level) > strictness(warn.level)) {
    warn = { level: enforce.level, version: text(POD_SECURITY_LABELS.warnVersion) === undefined ? enforce.version : warn.version };
  }
  const audit = { level: failOpen(POD_SECURITY_LABELS.audit), version: version(POD_SECURITY_LABELS.auditVersion) };
  return { enforce, warn, audit, source };
}

function strictness(level: PodSecurityLevel): number {
  return [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED].indexOf(level);
}

/** The labels a `NamespacePodSecurity` entry stands for. */
function labelsOfEntry(entry: NamespacePodSecurity): { [label: string]: string } {
  const labels: { [label: string]: string } = {};
  for (const [field, label] of Object.entries(POD_SECURITY_LABELS)) {
    const value = (entry as { [field: string]: string | undefined })[field];
    if (value !== undefined) labels[label] = value;
  }
  return labels;
}

/**
 * The policy for a workload in `namespace` (undefined: the manifest sets none): the Namespace
 * object of that name among `objects`, else the profile's entry for it, else the profile's entry
 * without a namespace; undefined when none applies (privileged, the API server's default).
 */
export function namespacePolicy(namespace: string | undefined, objects: readonly JsonObject[], profile: TargetProfile): NamespacePolicy | undefined {
  if (namespace !== undefined) {
    const object = objects.find(o => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata?.name === namespace);
    if (object) return policyOfLabels(isObject(object.metadata.labels) ? object.metadata.labels : {}, `Namespace '${namespace}'`);
    const entry = profile.podSecurity.find(e => e.namespace === namespace);
    if (entry) return policyOfLabels(labelsOfEntry(entry), `the target's podSecurity for namespace '${namespace}'`);
  }
  const fallback = profile.podSecurity.find(e => e.namespace === undefined);
  if (fallback) {
    return policyOfLabels(labelsOfEntry(fallback), namespace === undefined ? "the target's podSecurity for workloads without a namespace" : `the target's podSecurity for every namespace (namespace '${namespace}')`);
  }
  return undefined;
}

/**
 * The policy minor a level-version is judged at: `latest` is the target's Kubernetes minor (the
 * API server caps the checks at its own, emulated, version: `NewEvaluator`), and a pinned version
 * newer than the target is capped the same way (`EvaluatePod`).
 */
export function effectiveMinor(version: string, profile: TargetProfile): number {
  const pinned = podSecurityVersionMinor(version);
  const newest = profile.kubernetesVersion.minor;
  return pinned === undefined ? newest : Math.min(pinned, newest);
}

/** One failed Pod Security check. */
export interface PodSecurityFailure {
  /** The upstream check id, e.g. `runAsNonRoot`. */
  readonly check: string;
  /** The upstream reason, e.g. `runAsNonRoot != true`. */
  readonly reason: string;
  /** The upstream detail, e.g. `container "iis"`. */
  readonly detail: string;
  /** The first field that fails the check. */
  readonly path: string;
  /** What to change on a Windows pod. */
  readonly fix: string;
}

/** A container as the checks visit it: init containers, containers, ephemeral containers (`visitContainers`). */
interface VisitedContainer {
  readonly container: JsonObject;
  readonly path: string;
}

function visitContainers(pod: PodSpecLocation): VisitedContainer[] {
  const result: VisitedContainer[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (isObject(container)) result.push({ container, path: `${pod.path}.${list}[${index}]` });
    });
  }
  return result;
}

const quote = (names: readonly unknown[]) => names.map(n => JSON.stringify(String(n ?? ''))).join(', ');
const containers = (names: readonly unknown[]) => `${names.length === 1 ? 'container' : 'containers'} ${quote(names)}`;
const isWindowsOs = (pod: PodSpecLocation) => pod.spec.os?.name === 'windows';
const sc = (c: JsonObject): JsonObject | undefined => isObject(c.securityContext) ? c.securityContext : undefined;

/** A versioned check: from which policy minor each implementation applies. */
interface PortedCheck {
  readonly id: string;
  readonly level: PodSecurityLevel.BASELINE | PodSecurityLevel.RESTRICTED;
  /** Implementations by minimum minor, oldest first. */
  readonly versions: readonly VersionedCheck[];
}

/** One implementation of a check, from a policy minor on, and the baseline checks it replaces at restricted. */
interface VersionedCheck {
  readonly minimum: number;
  readonly check: (pod: PodSpecLocation, minor: number) => PodSecurityFailure | undefined;
  readonly overrides?: readonly string[];
}

// policy/check_windowsHostProcess.go
const windowsHostProcess: PortedCheck = {
  id: 'windowsHostProcess',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      const bad = visitContainers(pod).filter(c => sc(c.container)?.windowsOptions?.hostProcess === true);
      const podLevel = pod.spec.securityContext?.windowsOptions?.hostProcess === true;
      if (!podLevel && bad.length === 0) return undefined;
      const setters = [...(podLevel ? ['pod'] : []), ...(bad.length > 0 ? [containers(bad.map(c => c.container.name))] : [])];
      return {
        check: 'windowsHostProcess',
        reason: 'hostProcess',
        detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
        path: podLevel ? `${pod.path}.securityContext.windowsOptions.hostProcess` : `${bad[0].path}.securityContext.windowsOptions.hostProcess`,
        fix: 'a HostProcess pod runs only in a privileged namespace: label its namespace pod-security.kubernetes.io/enforce: privileged (a namespace of its own for node agents), or run it as a normal container',
      };
    },
  }],
};

// policy/check_privileged.go
const privileged: PortedCheck = {
  id: 'privileged',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      const bad = visitContainers(pod).filter(c => sc(c.container)?.privileged === true);
      if (bad.length === 0) return undefined;
      return {
        check: 'privileged',
        reason: 'privileged',
        detail: `${containers(bad.map(c => c.container.name))} must not set securityContext.privileged=true`,
        path: `${bad[0].path}.securityContext.privileged`,
        fix: 'remove privileged: true (Windows has no privileged containers; HostProcess containers in a privileged namespace are the Windows equivalent)',
      };
    },
  }],
};

// policy/check_hostNamespaces.go
const hostNamespaces: PortedCheck = {
  id: 'hostNamespaces',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      const set = ['hostNetwork', 'hostPID', 'hostIPC'].filter(field => pod.spec[field] === true);
      if (set.length === 0) return undefined;
      return {
        check: 'hostNamespaces',
        reason: 'host namespaces',
        detail: set.map(field => `${field}=true`).join(', '),
        path: `${pod.path}.${set[0]}`,
        fix: 'remove hostNetwork (only HostProcess pods use the host network on Windows, and they need a privileged namespace)',
      };
    },
  }],
};

// policy/check_hostPathVolumes.go
const hostPathVolumes: PortedCheck = {
  id: 'hostPathVolumes',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      const volumes: unknown[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
      const bad: Array<{ v: JsonObject; i: number }> = [];
      volumes.forEach((v, i) => {
        if (isObject(v) && isObject(v.hostPath)) bad.push({ v, i });
      });
      if (bad.length === 0) return undefined;
      return {
        check: 'hostPathVolumes',
        reason: 'hostPath volumes',
        detail: `${bad.length === 1 ? 'volume' : 'volumes'} ${quote(bad.map(({ v }) => v.name))}`,
        path: `${pod.path}.volumes[${bad[0].i}].hostPath`,
        fix: 'replace the hostPath volume (named pipes and host directories included) by a ConfigMap, Secret, emptyDir, PersistentVolumeClaim or CSI volume, or label the namespace privileged',
      };
    },
  }],
};

// policy/check_hostPorts.go
const hostPorts: PortedCheck = {
  id: 'hostPorts',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      let first: string | undefined;
      const ports = new Set<string>();
      let defaultedOnly = true;
      const bad = visitContainers(pod).filter(c => {
        const list = Array.isArray(c.container.ports) ? c.container.ports : [];
        let found = false;
        // On a host-network pod the API server defaults each port's hostPort to its containerPort
        // before admission (pkg/apis/core/v1/defaults.go defaultHostNetworkPorts: containers and
        // init containers), so PSA sees a hostPort the manifest does not write.
        const defaulted = pod.spec.hostNetwork === true && !c.path.includes('.ephemeralContainers[');
        list.forEach((port: unknown, i: number) => {
          if (!isObject(port)) return;
          const written = port.hostPort !== undefined && port.hostPort !== null && port.hostPort !== 0;
          const hostPort = written ? port.hostPort : defaulted ? port.containerPort : undefined;
          if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
            found = true;
            ports.add(String(hostPort));
            first ??= written ? `${c.path}.ports[${i}].hostPort` : `${c.path}.ports[${i}].containerPort`;
            defaultedOnly &&= !written;
          }
        });
        return found;
      });
      if (bad.length === 0) return undefined;
      const sorted = [...ports].sort();
      return {
        check: 'hostPorts',
        reason: 'hostPort',
        detail: `${containers(bad.map(c => c.container.name))} ${bad.length === 1 ? 'uses' : 'use'} ${sorted.length === 1 ? 'hostPort' : 'hostPorts'} ${sorted.join(', ')}`,
        path: first!,
        fix: defaultedOnly
          ? 'remove the container ports of this host-network pod (the API server makes each a hostPort), or label the namespace privileged'
          : 'remove hostPort and reach the pod through a Service',
      };
    },
  }],
};

// policy/check_capabilities_baseline.go
const CAPABILITIES_ALLOWED_1_0 = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const capabilitiesBaseline: PortedCheck = {
  id: 'capabilities_baseline',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 0,
    check: pod => {
      const forbidden = new Set<string>();
      const bad = visitContainers(pod).filter(c => {
        const add = sc(c.container)?.capabilities?.add;
        const extra = Array.isArray(add) ? add.filter((cap: unknown) => !CAPABILITIES_ALLOWED_1_0.has(String(cap))) : [];
        extra.forEach((cap: unknown) => forbidden.add(String(cap)));
        return extra.length > 0;
      });
      if (bad.length === 0) return undefined;
      return {
        check: 'capabilities_baseline',
        reason: 'non-default capabilities',
        detail: `${containers(bad.map(c => c.container.name))} must not include ${quote([...forbidden].sort())} in securityContext.capabilities.add`,
        path: `${bad[0].path}.securityContext.capabilities.add`,
        fix: 'remove securityContext.capabilities (Linux capabilities mean nothing on Windows)',
      };
    },
  }],
};

// policy/check_seccompProfile_baseline.go (the field version; the annotations of policy versions before v1.19 are not ported)
const seccompProfileBaseline: PortedCheck = {
  id: 'seccompProfile_baseline',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 19,
    check: pod => {
      const setters: string[] = [];
      const badValues = new Set<string>();
      let first: string | undefined;
      const podProfile = pod.spec.securityContext?.seccompProfile;
      if (isObject(podProfile) && !VALID_SECCOMP.has(podProfile.type)) {
        setters.push('pod');
        badValues.add(String(podProfile.type ?? ''));
        first = `${pod.path}.securityContext.seccompProfile.type`;
      }
      const bad = visitContainers(pod).filter(c => {
        const profile = sc(c.container)?.seccompProfile;
        if (!isObject(profile) || VALID_SECCOMP.has(profile.type)) return false;
        badValues.add(String(profile.type ?? ''));
        return true;
      });
      if (bad.length > 0) setters.push(containers(bad.map(c => c.container.name)));
      if (setters.length === 0) return undefined;
      return {
        check: 'seccompProfile_baseline',
        reason: 'seccompProfile',
        detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quote([...badValues].sort())}`,
        path: first ?? `${bad[0].path}.securityContext.seccompProfile.type`,
        fix: 'remove securityContext.seccompProfile (seccomp is Linux-only; the API server refuses it on Windows pods)',
      };
    },
  }],
};

// policy/check_hostProbesAndhostLifecycle.go (v0.37.2; from policy v1.34)
const hostProbesAndHostLifecycle: PortedCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: PodSecurityLevel.BASELINE,
  versions: [{
    minimum: 34,
    check: pod => {
      const hosts = new Set<string>();
      let first: string | undefined;
      const bad = visitContainers(pod).filter(c => {
        let found = false;
        const handlers: Array<[unknown, string]> = [
          [c.container.livenessProbe, 'livenessProbe'], [c.container.readinessProbe, 'readinessProbe'], [c.container.startupProbe, 'startupProbe'],
          [c.container.lifecycle?.postStart, 'lifecycle.postStart'], [c.container.lifecycle?.preStop, 'lifecycle.preStop'],
        ];
        for (const [handler, field] of handlers) {
          if (!isObject(handler)) continue;
          for (const action of ['httpGet', 'tcpSocket']) {
            const host = handler[action]?.host;
            if (typeof host === 'string' && host !== '') {
              found = true;
              hosts.add(host);
              first ??= `${c.path}.${field}.${action}.host`;
            }
          }
        }
        return found;
      });
      if (bad.length === 0) return undefined;
      const sorted = [...hosts].sort();
      return {
        check: 'hostProbesAndHostLifecycle',
        reason: 'probe or lifecycle host',
        // sets.List: the container names sorted too.
        detail: `${containers(bad.map(c => String(c.container.name)).sort())} ${bad.length === 1 ? 'uses' : 'use'} ${sorted.length === 1 ? 'probe or lifecycle host' : 'probe or lifecycle hosts'} ${quote(sorted)}`,
        path: first!,
        fix: 'remove host from the probe or lifecycle handler (it then targets the pod\'s own IP)',
      };
    },
  }],
};

const OLD_RESTRICTED_FIX = (pod: PodSpecLocation, minor: number): string => (isWindowsOs(pod)
  ? `policy v1.${minor} predates the Windows exemption of v1.25 and asks for a field the API server refuses on a pod with spec.os.name: windows, so no Windows pod is admitted: set the namespace's enforce-version to v1.25 or newer (or latest)`
  : minor >= 25
    ? 'set spec.os.name: windows on the pod (from policy v1.25 this check exempts Windows pods)'
    : `set spec.os.name: windows on the pod and the namespace's enforce-version to v1.25 or newer (or latest): policy v1.${minor} has no Windows exemption`);

/** A restricted check that exempts Windows pods from v1.25 (`_1_25` variants). */
function exemptFromV125(check: (pod: PodSpecLocation, minor: number) => PodSecurityFailure | undefined) {
  return (pod: PodSpecLocation, minor: number) => (isWindowsOs(pod) ? undefined : check(pod, minor));
}

// policy/check_allowPrivilegeEscalation.go
const allowPrivilegeEscalation18 = (pod: PodSpecLocation, minor: number): PodSecurityFailure | undefined => {
  const bad = visitContainers(pod).filter(c => sc(c.container)?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return undefined;
  return {
    check: 'allowPrivilegeEscalation',
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containers(bad.map(c => c.container.name))} must set securityContext.allowPrivilegeEscalation=false`,
    path: `${bad[0].path}.securityContext.allowPrivilegeEscalation`,
    fix: OLD_RESTRICTED_FIX(pod, minor),
  };
};
const allowPrivilegeEscalation: PortedCheck = {
  id: 'allowPrivilegeEscalation',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{ minimum: 8, check: allowPrivilegeEscalation18 }, { minimum: 25, check: exemptFromV125(allowPrivilegeEscalation18) }],
};

// policy/check_capabilities_restricted.go
const capabilitiesRestricted122 = (pod: PodSpecLocation, minor: number): PodSecurityFailure | undefined => {
  const missingDrop: VisitedContainer[] = [];
  const adding: VisitedContainer[] = [];
  const forbidden = new Set<string>();
  for (const c of visitContainers(pod)) {
    const capabilities = sc(c.container)?.capabilities;
    if (!isObject(capabilities)) {
      missingDrop.push(c);
      continue;
    }
    if (!(Array.isArray(capabilities.drop) && capabilities.drop.includes('ALL'))) missingDrop.push(c);
    const added = Array.isArray(capabilities.add) ? capabilities.add.filter((cap: unknown) => cap !== 'NET_BIND_SERVICE') : [];
    added.forEach((cap: unknown) => forbidden.add(String(cap)));
    if (added.length > 0) adding.push(c);
  }
  const details: string[] = [];
  if (missingDrop.length > 0) details.push(`${containers(missingDrop.map(c => c.container.name))} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length > 0) details.push(`${containers(adding.map(c => c.container.name))} must not include ${quote([...forbidden].sort())} in securityContext.capabilities.add`);
  if (details.length === 0) return undefined;
  const first = missingDrop[0] ?? adding[0];
  return {
    check: 'capabilities_restricted',
    reason: 'unrestricted capabilities',
    detail: details.join('; '),
    path: `${first.path}.securityContext.capabilities`,
    fix: OLD_RESTRICTED_FIX(pod, minor),
  };
};
const capabilitiesRestricted: PortedCheck = {
  id: 'capabilities_restricted',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimum: 22, check: capabilitiesRestricted122, overrides: ['capabilities_baseline'] },
    { minimum: 25, check: exemptFromV125(capabilitiesRestricted122), overrides: ['capabilities_baseline'] },
  ],
};

// policy/check_seccompProfile_restricted.go
const VALID_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const seccompRestricted119 = (pod: PodSpecLocation, minor: number): PodSecurityFailure | undefined => {
  const setters: string[] = [];
  const badValues = new Set<string>();
  let podSet = false;
  let first: string | undefined;
  const podProfile = pod.spec.securityContext?.seccompProfile;
  if (isObject(podProfile)) {
    if (!VALID_SECCOMP.has(podProfile.type)) {
      setters.push('pod');
      badValues.add(String(podProfile.type));
      first = `${pod.path}.securityContext.seccompProfile.type`;
    } else {
      podSet = true;
    }
  }
  const explicit: VisitedContainer[] = [];
  const implicit: VisitedContainer[] = [];
  for (const c of visitContainers(pod)) {
    const profile = sc(c.container)?.seccompProfile;
    if (isObject(profile)) {
      if (!VALID_SECCOMP.has(profile.type)) {
        explicit.push(c);
        badValues.add(String(profile.type));
      }
    } else if (!podSet) {
      implicit.push(c);
    }
  }
  if (explicit.length > 0) setters.push(containers(explicit.map(c => c.container.name)));
  if (setters.length > 0) {
    return {
      check: 'seccompProfile_restricted',
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quote([...badValues].sort())}`,
      path: first ?? `${explicit[0].path}.securityContext.seccompProfile.type`,
      fix: OLD_RESTRICTED_FIX(pod, minor),
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    check: 'seccompProfile_restricted',
    reason: 'seccompProfile',
    detail: `pod or ${containers(implicit.map(c => c.container.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    path: `${pod.path}.securityContext.seccompProfile`,
    fix: OLD_RESTRICTED_FIX(pod, minor),
  };
};
const seccompProfileRestricted: PortedCheck = {
  id: 'seccompProfile_restricted',
  level: PodSecurityLevel.RESTRICTED,
  versions: [
    { minimum: 19, check: seccompRestricted119, overrides: ['seccompProfile_baseline'] },
    { minimum: 25, check: exemptFromV125(seccompRestricted119), overrides: ['seccompProfile_baseline'] },
  ],
};

/** `relaxPolicyForUserNamespacePod` (policy/helpers.go, v0.37.2). */
const inUserNamespace = (pod: PodSpecLocation) => pod.spec.hostUsers === false;

// policy/check_runAsNonRoot.go
const runAsNonRoot10 = (pod: PodSpecLocation): PodSecurityFailure | undefined => {
  const setters: string[] = [];
  let podNonRoot = false;
  let first: string | undefined;
  const podValue = pod.spec.securityContext?.runAsNonRoot;
  if (podValue !== undefined && podValue !== null) {
    if (podValue !== true) {
      setters.push('pod');
      first = `${pod.path}.securityContext.runAsNonRoot`;
    } else {
      podNonRoot = true;
    }
  }
  const explicit: VisitedContainer[] = [];
  const implicit: VisitedContainer[] = [];
  for (const c of visitContainers(pod)) {
    const value = sc(c.container)?.runAsNonRoot;
    if (value !== undefined && value !== null) {
      if (value !== true) explicit.push(c);
    } else if (!podNonRoot) {
      implicit.push(c);
    }
  }
  const administrator = runsAsAdministrator(pod);
  const fix = administrator
    ? 'the pod runs as ContainerAdministrator, which cannot be non-root: an image that needs an administrator (IIS, ASP.NET, WCF) cannot run under restricted. Label the namespace pod-security.kubernetes.io/enforce: baseline, or use an image that does not need an administrator and run it as ContainerUser with runAsNonRoot: true'
    : 'set runAsNonRoot: true on the pod with a non-administrator runAsUserName (ContainerUser)';
  if (explicit.length > 0) setters.push(containers(explicit.map(c => c.container.name)));
  if (setters.length > 0) {
    return {
      check: 'runAsNonRoot',
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      path: first ?? `${explicit[0].path}.securityContext.runAsNonRoot`,
      fix,
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    check: 'runAsNonRoot',
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containers(implicit.map(c => c.container.name))} must set securityContext.runAsNonRoot=true`,
    path: `${pod.path}.securityContext.runAsNonRoot`,
    fix,
  };
};
const runAsNonRoot: PortedCheck = {
  id: 'runAsNonRoot',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{ minimum: 0, check: runAsNonRoot10 }, { minimum: 35, check: pod => (inUserNamespace(pod) ? undefined : runAsNonRoot10(pod)) }],
};

/** Whether any container runs as ContainerAdministrator (its own runAsUserName, else the pod's). */
function runsAsAdministrator(pod: PodSpecLocation): boolean {
  const podUser = pod.spec.securityContext?.windowsOptions?.runAsUserName;
  return visitContainers(pod).some(c => {
    const user = sc(c.container)?.windowsOptions?.runAsUserName ?? podUser;
    return typeof user === 'string' && isContainerAdministrator(user);
  });
}

// policy/check_runAsUser.go
const runAsUser123 = (pod: PodSpecLocation): PodSecurityFailure | undefined => {
  const setters: string[] = [];
  let first: string | undefined;
  if (pod.spec.securityContext?.runAsUser === 0) {
    setters.push('pod');
    first = `${pod.path}.securityContext.runAsUser`;
  }
  const bad = visitContainers(pod).filter(c => sc(c.container)?.runAsUser === 0);
  if (bad.length > 0) setters.push(containers(bad.map(c => c.container.name)));
  if (setters.length === 0) return undefined;
  return {
    check: 'runAsUser',
    reason: 'runAsUser=0',
    detail: `${setters.join(' and ')} must not set runAsUser=0`,
    path: first ?? `${bad[0].path}.securityContext.runAsUser`,
    fix: 'remove runAsUser (Windows pods choose their user with windowsOptions.runAsUserName)',
  };
};
const runAsUser: PortedCheck = {
  id: 'runAsUser',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{ minimum: 23, check: runAsUser123 }, { minimum: 35, check: pod => (inUserNamespace(pod) ? undefined : runAsUser123(pod)) }],
};

// policy/check_restrictedVolumes.go
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];
const restrictedVolumes: PortedCheck = {
  id: 'restrictedVolumes',
  level: PodSecurityLevel.RESTRICTED,
  versions: [{
    minimum: 0,
    overrides: ['hostPathVolumes'],
    check: pod => {
      const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
      const bad: Array<{ name: unknown; index: number }> = [];
      const types = new Set<string>();
      volumes.forEach((volume: unknown, index: number) => {
        if (!isObject(volume) || ALLOWED_VOLUME_SOURCES.some(source => isObject(volume[source]))) return;
        bad.push({ name: volume.name, index });
        types.add(RESTRICTED_VOLUME_SOURCES.find(source => isObject(volume[source])) ?? 'unknown');
      });
      if (bad.length === 0) return undefined;
      const sorted = [...types].sort();
      return {
        check: 'restrictedVolumes',
        reason: 'restricted volume types',
        detail: `${bad.length === 1 ? 'volume' : 'volumes'} ${quote(bad.map(b => b.name))} ${bad.length === 1 ? 'uses' : 'use'} ${sorted.length === 1 ? 'restricted volume type' : 'restricted volume types'} ${quote(sorted)}`,
        path: `${pod.path}.volumes[${bad[0].index}]`,
        fix: 'mount the storage through a PersistentVolumeClaim or a CSI volume (restricted allows configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes), or label the namespace baseline',
      };
    },
  }],
};

/** The ported checks, baseline first then restricted, each sorted by id as `populate` orders them. */
const CHECKS: readonly PortedCheck[] = [
  capabilitiesBaseline, hostNamespaces, hostPathVolumes, hostPorts, hostProbesAndHostLifecycle, privileged, seccompProfileBaseline,
  windowsHostProcess,
  allowPrivilegeEscalation, capabilitiesRestricted, restrictedVolumes, runAsNonRoot, runAsUser, seccompProfileRestricted,
];

/**
 * The checks a pod fails at `level` and policy minor `minor` (`EvaluatePod`): baseline runs the
 * baseline checks; restricted runs the restricted checks and the baseline checks they do not
 * override at that version. A check applies from its oldest minimum version.
 */
export function evaluatePod(pod: PodSpecLocation, level: PodSecurityLevel, minor: number): PodSecurityFailure[] {
  if (level === PodSecurityLevel.PRIVILEGED) return [];
  const active = CHECKS.flatMap(check => {
    if (check.level === PodSecurityLevel.RESTRICTED && level !== PodSecurityLevel.RESTRICTED) return [];
    const version = [...check.versions].reverse().find(v => v.minimum <= minor);
    return version ? [{ check, version }] : [];
  });
  const overridden = new Set(active.flatMap(a => a.version.overrides ?? []));
  return active.filter(a => !overridden.has(a.check.id)).flatMap(a => {
    const failure = a.version.check(pod, minor);
    return failure ? [failure] : [];
  });
}

/** `restricted (v1.27)` or `restricted (v1.24, pinned)`, for messages. */
export function describeLevelVersion(lv: LevelVersion, profile: TargetProfile): string {
  const minor = effectiveMinor(lv.version, profile);
  return lv.version === 'latest' ? `${lv.level} (latest: v1.${minor} on Kubernetes ${profile.kubernetesVersion})` : `${lv.level} (version ${lv.version}${podSecurityVersionMinor(lv.version)! > minor ? `, judged as v1.${minor} on Kubernetes ${profile.kubernetesVersion}` : ''})`;
}
