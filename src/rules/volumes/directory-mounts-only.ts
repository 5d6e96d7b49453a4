import { Severity } from '../../model/finding';
import { ContainerRuntime } from '../../model/profile';
import { DOCS } from '../lib/docs';
import { volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule } from '../rule';

/** hostPath types that are never a directory, and which of them fail with which runtime. */
const FILE_TYPES = ['File', 'FileOrCreate'];
const DEVICE_TYPES = ['Socket', 'CharDevice', 'BlockDevice'];

/** `\\.\pipe\name` (or `//./pipe/name`): a named pipe, which Windows maps into containers. */
function isNamedPipe(path: unknown): boolean {
  return typeof path === 'string' && /^(\\\\|\/\/)\.(\\|\/)pipe(\\|\/)/i.test(path);
}

export const directoryMountsOnly: Rule = {
  name: 'directory-mounts-only',
  severity: Severity.ERROR,
  summary: 'A `hostPath` volume has type `File`, `FileOrCreate`, `Socket`, `CharDevice` or `BlockDevice` (named pipes excepted).',
  why: 'Windows maps directories and named pipes into containers: Docker EE maps directories only, and containerd adds single files but there are no Unix sockets or character/block devices to map.',
  remediation: 'Mount the directory that holds the file (`type: Directory` or `DirectoryOrCreate`) and read the file inside it; for the Docker or containerd API use a named pipe such as `\\\\.\\pipe\\docker_engine`.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: '`Socket`, `CharDevice` and `BlockDevice` with every runtime; `File` and `FileOrCreate` only with the Docker EE runtime (containerd maps single files). Named pipes (`\\\\.\\pipe\\...`) are never reported.',
  sources: 'kubernetes.io concepts/storage/windows-storage (1.27 and newest docs) (directory-only mounts with Docker; named pipes supported)',
  checkPod: ({ pod, profile }) => {
    const forbidden = profile.runtime === ContainerRuntime.DOCKER_EE ? [...FILE_TYPES, ...DEVICE_TYPES] : DEVICE_TYPES;
    return volumesOf(pod).flatMap(({ volume, path }) => {
      const hostPath = volume.hostPath;
      if (!forbidden.includes(hostPath?.type) || isNamedPipe(hostPath.path)) return [];
      return [{
        path: `${path}.hostPath.type`,
        message: `volume '${volume.name}' maps hostPath ${JSON.stringify(hostPath.path)} with type: ${JSON.stringify(hostPath.type)}`,
      }];
    });
  },
};
