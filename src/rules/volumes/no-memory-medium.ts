import { Severity } from '../../model/finding';
import { celEach, celVolume, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule } from '../rule';

export const noMemoryMedium: Rule = {
  name: 'no-memory-medium',
  severity: Severity.ERROR,
  summary: 'An `emptyDir` volume sets `medium: Memory` or a `HugePages*` medium.',
  why: 'Windows has no tmpfs and no huge pages: emptyDir volumes on Windows live on the node disk only.',
  remediation: 'Remove `medium` (emptyDir on disk). For scratch data that must not touch the disk, keep it in process memory.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/storage/windows-storage and kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: () => {
      const fails = "has(v.emptyDir) && has(v.emptyDir.medium) && (v.emptyDir.medium == 'Memory' || v.emptyDir.medium.startsWith('HugePages'))";
      return [{
        expression: `${VOLUMES}.all(v, !(${fails}))`,
        messageExpression: `${celEach(VOLUMES, 'v', fails, `${celVolume('v')} + ' sets emptyDir.medium: ' + v.emptyDir.medium`)} + ': Windows has no tmpfs and no huge pages'`,
      }];
    },
  },
  checkPod: ({ pod }) => volumesOf(pod).flatMap(({ volume, path }) => {
    const medium: unknown = volume.emptyDir?.medium;
    if (medium !== 'Memory' && !(typeof medium === 'string' && medium.startsWith('HugePages'))) return [];
    return [{ path: `${path}.emptyDir.medium`, message: `volume '${volume.name}' sets emptyDir.medium: ${JSON.stringify(medium)}` }];
  }),
};
