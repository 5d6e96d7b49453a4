import { Severity } from '../../model/finding';
import { inferWindowsBuild } from '../../model/images';
import { ContainerLocation, JsonObject, PodSpecLocation } from '../../model/manifest';
import { ContainerRuntime, Isolation, TargetProfile, WindowsServerVersion } from '../../model/profile';
import { WINDOWS_BUILD_LABEL } from '../../model/windows';
import { DOCS } from '../lib/docs';
import { honouredLegacyHyperVAnnotation, hyperVRuntimeClass, runtimeClassOf } from '../lib/hyperv';
import { affinityWindowsBuild, buildOfLabel, selectedWindowsBuild } from '../lib/placement';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

/** Windows Server 2022: from this host build on, containerd runs images of the previous LTSC too. */
const LTSC2022 = 20348;
/** LTSC builds whose images later hosts keep running (hcsshim `osversion`'s `compatLTSCReleases`). */
const COMPATIBLE_LTSC_RELEASES = [20348, 26100];

/** How a pod is isolated and by which runtime: what decides which image builds a host runs. */
export interface BuildMatching {
  readonly isolation: Isolation;
  readonly runtime: ContainerRuntime;
}

/**
 * The oldest image build a process-isolated containerd host runs: the latest LTSC older than the
 * host, or the host itself when it is Windows Server 2022 or older (hcsshim
 * `osversion.CheckHostAndContainerCompat`, containerd's Windows platform matcher).
 */
function oldestProcessIsolatedBuild(host: number): number {
  if (host < LTSC2022) return host;
  for (let i = COMPATIBLE_LTSC_RELEASES.length - 1; i >= 0; i--) {
    if (host > COMPATIBLE_LTSC_RELEASES[i]) return COMPATIBLE_LTSC_RELEASES[i];
  }
  return LTSC2022;
}

/** The image builds a host of build `host` runs: `[oldest, host]`, or `[undefined, host]` for "any older". */
export function runnableBuilds(host: number, matching: BuildMatching): { oldest?: number; newest: number } {
  if (matching.isolation === Isolation.HYPERV) return { newest: host };
  if (matching.runtime === ContainerRuntime.DOCKER_EE) return { oldest: host, newest: host };
  return { oldest: oldestProcessIsolatedBuild(host), newest: host };
}

/** Whether a host of build `host` runs a container image of build `image`. */
export function hostRunsImage(host: number, image: number, matching: BuildMatching): boolean {
  const { oldest, newest } = runnableBuilds(host, matching);
  return image <= newest && (oldest === undefined || image >= oldest);
}

/** `10.0.20348 (Windows Server 2022)`. */
function describeBuild(build: number): string {
  const version = WindowsServerVersion.fromBuild(build);
  return `10.0.${build}${version ? ` (${version})` : ''}`;
}

function describeRange(host: number, matching: BuildMatching): string {
  const { oldest, newest } = runnableBuilds(host, matching);
  if (oldest === undefined) return `images of build 10.0.${newest} or older`;
  return oldest === newest ? `only images of build 10.0.${newest}` : `images of builds 10.0.${oldest} to 10.0.${newest}`;
}

function describeMatching(matching: BuildMatching): string {
  if (matching.isolation === Isolation.HYPERV) return 'Hyper-V isolation';
  return `process isolation with ${matching.runtime === ContainerRuntime.DOCKER_EE ? 'Docker EE' : 'containerd'}`;
}

/** A host build a pod targets, and what says so (for messages). */
interface TargetBuild {
  readonly build: number;
  readonly source: () => string;
}

/**
 * The host build a pod targets: its windows-build node selector, else the one build its required
 * node affinity allows, else that of its RuntimeClass among the objects checked together (the
 * RuntimeClass admission controller merges it into the pod), else the profile's Windows Server version.
 */
function targetBuild(pod: PodSpecLocation, profile: TargetProfile, objects: readonly JsonObject[]): TargetBuild | undefined {
  const selected = selectedWindowsBuild(pod);
  if (selected) return { build: selected.build, source: () => `nodeSelector node.kubernetes.io/windows-build: ${selected.value}` };
  const required = affinityWindowsBuild(pod);
  if (required) return { build: required.build, source: () => `required node affinity node.kubernetes.io/windows-build In [${required.value}]` };
  const runtimeClass = runtimeClassOf(pod, objects);
  const scheduled = runtimeClass?.scheduling?.nodeSelector?.[WINDOWS_BUILD_LABEL];
  const fromRuntimeClass = typeof scheduled === 'string' ? buildOfLabel(scheduled) : undefined;
  if (fromRuntimeClass !== undefined) {
    return { build: fromRuntimeClass, source: () => `RuntimeClass/${runtimeClass!.metadata?.name} schedules onto node.kubernetes.io/windows-build: ${scheduled}` };
  }
  const version = profile.windowsServerVersion;
  if (version) return { build: version.buildNumber, source: () => `target ${version}` };
  return undefined;
}

interface BuiltContainer {
  readonly location: ContainerLocation;
  readonly image: string;
  readonly build: number;
}

export const windowsImageBuildMismatch: Rule = {
  name: 'windows-image-build-mismatch',
  severity: Severity.ERROR,
  summary: 'A container image is built for a Windows build its node cannot run, or two containers of one process-isolated pod need different host builds.',
  why: 'A process-isolated Windows container shares the host kernel, so its image build must match the host: Docker EE and hosts older than Windows Server 2022 need the exact build; containerd on newer hosts also runs images of the previous LTSC up to the host build (a Windows Server 2025 host runs 10.0.20348 to 10.0.26100). Hyper-V isolation runs an image older than the host, never a newer one.',
  remediation: 'Use images of the build your Windows nodes run (the `ltsc2019`/`ltsc2022`/`ltsc2025` tag), select nodes of the image build with `node.kubernetes.io/windows-build: 10.0.<build>`, give all containers of a pod the same build, or use Hyper-V isolation (`HyperVIsolatedPod`) to run an older image on a newer host.',
  docsUrl: DOCS.compatibility,
  hostProcessPods: HostProcessPods.SKIPPED,
  gating: 'The target build is the pod\'s `node.kubernetes.io/windows-build` node selector, else the one build its required node affinity allows (every term `In` the same single value), else that of its RuntimeClass (among the objects checked together), else the profile\'s Windows Server version; without either only the containers of one pod are compared. Process isolation with Docker EE, or on hosts older than 10.0.20348: exact build. Process isolation with containerd on 10.0.20348 and newer: the previous LTSC up to the host build (hcsshim `CheckHostAndContainerCompat`). Hyper-V isolation (profile isolation HYPERV, the pod annotation `experimental.windows.kubernetes.io/isolation-type: hyperv` where the target honours it (Docker EE, Kubernetes 1.20 and older), or a `runtimeClassName` naming a RuntimeClass, among the objects checked together, whose handler is `runhcs-wcow-hypervisor` or `runhcs-wcow-hypervisor-<build>`): any image build up to the host build, and containers of one pod are not compared. HostProcess pods are not checked (they run on the host). Builds are inferred from image tags only (`ltsc2022`, `1709`, `1803`, `1809`, `10.0.20348.x`, `*-windowsservercore-ltsc2019`, ...); untagged and `latest` images are not checked.',
  sources: 'kubernetes.io concepts/windows/intro #windows-os-version-support (1.27 and newest docs); kubernetes.io concepts/windows/user-guide (windows-build label); hcsshim CheckHostAndContainerCompat (containerd on 10.0.20348 and newer)',
  admission: {
    unsupported: 'The image builds a host runs depend on the pod\'s isolation and on the Windows build of its nodes, which its RuntimeClass (another object: its handler and scheduling) may decide; a policy sees only the pod.',
  },
  checkPod: ({ pod, containers, profile, objects }) => {
    // Runs on every Windows pod: the containers with a known build are collected first, and the
    // rest (isolation, target, messages) is worked out only when one is found.
    let built: BuiltContainer[] | undefined;
    for (const location of containers) {
      const image = location.container.image;
      const build = typeof image === 'string' ? inferWindowsBuild(image) : undefined;
      if (build === undefined) continue;
      (built ??= []).push({ location, image, build });
    }
    if (!built) return [];
    const matching: BuildMatching = {
      isolation: profile.isolation === Isolation.HYPERV || honouredLegacyHyperVAnnotation(pod, profile) || hyperVRuntimeClass(pod, objects)
        ? Isolation.HYPERV : Isolation.PROCESS,
      runtime: profile.runtime,
    };
    const violation = (c: BuiltContainer, problem: string): Violation => ({
      path: `${c.location.path}.image`,
      message: `${containerLabel(c.location)} uses image ${JSON.stringify(c.image)}, built for Windows ${describeBuild(c.build)}, ${problem}`,
    });

    const target = targetBuild(pod, profile, objects);
    if (target) {
      // Every container the target host runs can share the pod: no need to compare them with each other.
      return built
        .filter(c => !hostRunsImage(target.build, c.build, matching))
        .map(c => violation(c, `but the pod targets hosts of build ${describeBuild(target.build)} (${target.source()}); under ${describeMatching(matching)} such a host runs ${describeRange(target.build, matching)}`));
    }
    if (matching.isolation === Isolation.HYPERV || built.length < 2) return [];
    // No target known: the first container with a build decides, later ones must run on the same host.
    const [first, ...later] = built;
    return later
      .filter(c => !hostRunsImage(Math.max(first.build, c.build), Math.min(first.build, c.build), matching))
      .map(c => violation(c, `but ${containerLabel(first.location)} uses ${JSON.stringify(first.image)}, built for Windows ${describeBuild(first.build)}; no host runs both under ${describeMatching(matching)}`));
  },
};
