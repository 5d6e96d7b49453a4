import { Severity } from '../../model/finding';
import { inferWindowsBuild } from '../../model/images';
import { Isolation, WindowsServerVersion } from '../../model/profile';
import { DOCS } from '../lib/docs';
import { honouredLegacyHyperVAnnotation, hyperVRuntimeClass } from '../lib/hyperv';
import { isWindowsPool, poolBuild, poolVerdicts, SCHEDULING_GATING, SCHEDULING_SOURCES, schedulingInput } from '../lib/scheduling';
import { containerLabel } from '../lib/security-context';
import { BuildMatching, hostRunsImage } from '../placement/windows-image-build-mismatch';
import { HostProcessPods, Rule } from '../rule';

function describeBuild(build: number): string {
  const version = WindowsServerVersion.fromBuild(build);
  return `10.0.${build}${version ? ` (${version})` : ''}`;
}

export const windowsPoolBuildMismatch: Rule = {
  name: 'windows-pool-build-mismatch',
  severity: Severity.WARNING,
  summary: 'A Windows pod can be placed on a Windows node pool whose build does not run its image (by the image tag) or is not the target\'s Windows Server version.',
  why: 'The scheduler does not know which Windows build an image needs: it places the pod on any pool its placement allows. On a pool of another build a process-isolated container does not start ("The container operating system does not match the host operating system"), so some replicas run and others fail depending on where they land.',
  remediation: 'Select the build with `nodeSelector node.kubernetes.io/windows-build: 10.0.<build>` (a RuntimeClass with that scheduling does it for every pod using it), or use an image of each build in the pools the pod may go to (a multi-arch manifest list).',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.SKIPPED,
  admission: {
    unsupported: 'It compares the pod with the Nodes of the cluster (their Windows builds and taints): other objects, which a policy on the pod cannot see.',
  },
  sources: `${SCHEDULING_SOURCES}; hcsshim CheckHostAndContainerCompat (which image builds a host runs); kubernetes.io concepts/windows/user-guide (node.kubernetes.io/windows-build)`,
  gating: `${SCHEDULING_GATING} Pools without a node.kubernetes.io/windows-build label are not judged. The builds the pod needs come from its image tags (as windows-image-build-mismatch reads them; Hyper-V isolation runs older images), else the target's Windows Server version.`,
  checkPod: ({ object, pod, containers, profile, objects }) => {
    if (profile.nodePools.length === 0) return [];
    const input = schedulingInput(object, pod, objects);
    if (input.kind !== 'requirements') return [];
    const pools = poolVerdicts(input.requirements, profile.nodePools)
      .filter(v => v.accepts && isWindowsPool(v.pool) && poolBuild(v.pool) !== undefined)
      .map(v => ({ pool: v.pool, build: poolBuild(v.pool)! }));
    if (pools.length === 0) return [];
    const matching: BuildMatching = {
      isolation: profile.isolation === Isolation.HYPERV || honouredLegacyHyperVAnnotation(pod, profile) || hyperVRuntimeClass(pod, objects)
        ? Isolation.HYPERV : Isolation.PROCESS,
      runtime: profile.runtime,
    };
    const built = containers.flatMap(location => {
      const image = location.container.image;
      const build = typeof image === 'string' ? inferWindowsBuild(image) : undefined;
      return build === undefined ? [] : [{ location, image: image as string, build }];
    });
    if (built.length > 0) {
      return built.flatMap(c => {
        const wrong = pools.filter(p => !hostRunsImage(p.build, c.build, matching));
        if (wrong.length === 0) return [];
        return [{
          path: `${c.location.path}.image`,
          message: `${containerLabel(c.location)} uses image ${JSON.stringify(c.image)}, built for Windows ${describeBuild(c.build)}, but the scheduler may place the pod on ${wrong.map(p => `pool '${p.pool.name}' (build ${describeBuild(p.build)})`).join(', ')}, whose nodes do not run it`,
        }];
      });
    }
    const target = profile.windowsServerVersion;
    if (!target) return [];
    const wrong = pools.filter(p => p.build !== target.buildNumber);
    if (wrong.length === 0) return [];
    return [{
      path: pod.path,
      message: `the target is ${target}, but the scheduler may place the pod on ${wrong.map(p => `pool '${p.pool.name}' (build ${describeBuild(p.build)})`).join(', ')}`,
    }];
  },
};
