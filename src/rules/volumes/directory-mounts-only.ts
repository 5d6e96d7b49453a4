import { Severity } from '../../model/finding';
import { ContainerRuntime, KubernetesVersion } from '../../model/profile';
import { celEach, celString, celStrings, celVolume, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule, Violation } from '../rule';

/** hostPath types that are never a directory, and which of them fail with which runtime. */
const FILE_TYPES = ['File', 'FileOrCreate'];
const DEVICE_TYPES = ['CharDevice', 'BlockDevice'];
/**
 * From Kubernetes 1.32 (built with Go 1.23, whose os.Stat marks AF_UNIX sockets on Windows) the
 * kubelet's hostPath type check recognises a Windows socket file.
 */
const SOCKET_TYPE_CHECK_MINOR = 32;

/** `\\.\pipe\name` (or `//./pipe/name`): a named pipe, which Windows maps into containers. */
const NAMED_PIPE = /^(\\\\|\/\/)\.(\\|\/)pipe(\\|\/)/i;
/** The same test in CEL's RE2 (the case-insensitive flag inline). */
const NAMED_PIPE_RE2 = `(?i)${NAMED_PIPE.source}`;

function isNamedPipe(path: unknown): boolean {
  return typeof path === 'string' && NAMED_PIPE.test(path);
}

export const directoryMountsOnly: Rule = {
  name: 'directory-mounts-only',
  severity: Severity.ERROR,
  summary: 'A `hostPath` volume has type `CharDevice` or `BlockDevice`, `Socket` (a warning from Kubernetes 1.32 with containerd), or `File`/`FileOrCreate` with Docker EE (named pipes excepted).',
  why: 'Windows maps directories and named pipes into containers: Docker EE maps directories only; containerd adds single files, but there are no character or block devices to map, and AF_UNIX socket files pass the kubelet\'s type check only from Kubernetes 1.32.',
  remediation: 'Mount the directory that holds the file (`type: Directory` or `DirectoryOrCreate`) and read the file inside it; for the Docker or containerd API use a named pipe such as `\\\\.\\pipe\\docker_engine`.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: '`CharDevice` and `BlockDevice`: an error with every runtime. `File` and `FileOrCreate`: an error with Docker EE only (containerd maps single files). `Socket`: an error with Docker EE and before Kubernetes 1.32 (the kubelet\'s type check does not see Windows sockets), a warning from 1.32 with containerd (recognised, but a single socket file mapped into a Windows container is not documented). The version is the minor whose releases are all built with Go 1.23; a patch release of an older minor rebuilt with Go 1.23 may recognise sockets too, which the target cannot tell. Named pipes (`\\\\.\\pipe\\...`) are never reported.',
  sources: 'kubernetes.io concepts/storage/windows-storage (1.27 and newest docs) (directory-only mounts with Docker; named pipes supported); pkg/volume/util/hostutil/hostutil.go getFileType and hostutil_windows.go (v1.27.16, v1.37.2: os.Stat mode bits), pkg/util/filesystem/util_windows.go IsUnixDomainSocket (v1.37.2: os.ModeSocket from Go 1.23); Go 1.23 release notes (os.Stat sets ModeSocket for Windows AF_UNIX sockets, golang/go#33357); kubernetes/kubernetes#121747; CHANGELOG-1.32 (Kubernetes built with Go 1.23 from v1.32.0-alpha.2)',
  admission: {
    checks: profile => {
      const dockerEe = profile.runtime === ContainerRuntime.DOCKER_EE;
      const socketError = dockerEe || !profile.kubernetesVersion.isAtLeast(SOCKET_TYPE_CHECK_MINOR);
      const errors = [...(dockerEe ? FILE_TYPES : []), ...DEVICE_TYPES, ...(socketError ? ['Socket'] : [])];
      const check = (types: string[], why: string, severity: Severity) => {
        const fails = `has(v.hostPath) && has(v.hostPath.type) && v.hostPath.type in ${celStrings(types)} && !v.hostPath.path.matches(${celString(NAMED_PIPE_RE2)})`;
        return {
          expression: `${VOLUMES}.all(v, !(${fails}))`,
          messageExpression: `${celEach(VOLUMES, 'v', fails, `${celVolume('v')} + ' maps hostPath ' + v.hostPath.path + ' with type: ' + v.hostPath.type`)} + ${celString(why)}`,
          severity,
        };
      };
      const checks = [check(errors, `: Windows ${dockerEe ? 'with Docker EE ' : ''}cannot map ${errors.join(', ')} into a container${socketError && !dockerEe ? ` (the kubelet of Kubernetes ${profile.kubernetesVersion} does not recognise Windows sockets)` : ''}`, Severity.ERROR)];
      if (!socketError) checks.push(check(['Socket'], ': mapping a single socket file into a Windows container is not documented', Severity.WARNING));
      return checks;
    },
  },
  checkPod: ({ pod, profile }): Violation[] => {
    const dockerEe = profile.runtime === ContainerRuntime.DOCKER_EE;
    const forbidden = dockerEe ? [...FILE_TYPES, ...DEVICE_TYPES] : DEVICE_TYPES;
    return volumesOf(pod).flatMap(({ volume, path }): Violation[] => {
      const hostPath = volume.hostPath;
      if (isNamedPipe(hostPath?.path)) return [];
      const found = `volume '${volume.name}' maps hostPath ${JSON.stringify(hostPath?.path)} with type: ${JSON.stringify(hostPath?.type)}`;
      if (hostPath?.type === 'Socket') return socketViolation(`${path}.hostPath.type`, found, profile.kubernetesVersion, dockerEe);
      if (!forbidden.includes(hostPath?.type)) return [];
      return [{ path: `${path}.hostPath.type`, message: found }];
    });
  },
};

/**
 * `type: Socket`. Windows has AF_UNIX sockets (Windows Server 2019 and newer), and from 1.32 the
 * kubelet's type check recognises them; before, it fails the pod. Docker EE maps directories only.
 */
function socketViolation(path: string, found: string, kubernetes: KubernetesVersion, dockerEe: boolean): Violation[] {
  if (dockerEe) return [{ path, message: found }];
  if (!kubernetes.isAtLeast(SOCKET_TYPE_CHECK_MINOR)) {
    return [{
      path,
      message: `${found}: the kubelet of Kubernetes ${kubernetes} checks the type with a file status that does not mark Windows sockets (from 1.32 it does), so the pod fails to start`,
      why: 'Windows has AF_UNIX sockets, but before Kubernetes 1.32 the kubelet does not recognise them as type Socket.',
      remediation: 'Mount the directory that holds the socket (`type: Directory`), as CSI node plugins on Windows do, or target Kubernetes 1.32 or newer.',
    }];
  }
  return [{
    path,
    severity: Severity.WARNING,
    message: `${found}: the kubelet of Kubernetes ${kubernetes} recognises Windows sockets, but mapping a single socket file into a Windows container is not documented`,
    why: 'Windows has AF_UNIX sockets, and the kubelet recognises them as type Socket from Kubernetes 1.32; the documented way to share one with a Windows container is its directory.',
    remediation: 'Mount the directory that holds the socket (`type: Directory`), as CSI node plugins on Windows do.',
  }];
}
