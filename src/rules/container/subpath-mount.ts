import { Severity } from '../../model/finding';
import { isObject, JsonObject } from '../../model/manifest';
import { ContainerRuntime } from '../../model/profile';
import { celContainer, celEach, celJoinFew, celString, CONTAINERS, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, show } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

/** Volumes the kubelet writes atomically (through a symlinked `..data` directory). */
const ATOMIC_WRITER_VOLUMES = ['secret', 'configMap', 'downwardAPI', 'projected'];

/** The volume source key of a pod volume (`secret`, `emptyDir`, ...), if recognisable. */
function volumeType(volume: JsonObject | undefined): string | undefined {
  return volume ? Object.keys(volume).find(key => key !== 'name' && isObject(volume[key])) : undefined;
}

export const subpathMount: Rule = {
  name: 'subpath-mount',
  severity: Severity.ERROR,
  summary: 'A volume mount uses `subPath` or `subPathExpr`.',
  why: 'subPath mounts are listed as unsupported on Windows: with Docker a subPath must be a directory (moby#30555), and with containerd subPaths into Secret, ConfigMap, downwardAPI and projected volumes fail because of their symlinked atomic-writer layout (kubernetes#97802); directory subPaths into disk volumes generally work with containerd (kubernetes#65890).',
  remediation: 'Mount the whole volume at its own directory (for a Secret or ConfigMap, select keys with `items` and mount the directory) instead of using subPath.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.SKIPPED,
  gating: 'Error with the Docker EE runtime, and with any runtime for Secret, ConfigMap, downwardAPI and projected volumes; warning for other volumes with containerd. HostProcess containers are exempt: they see the host filesystem.',
  sources: 'kubernetes.io concepts/storage/windows-storage (subpath mounts; Secrets) (1.27 and newest docs)',
  admission: {
    checks: profile => {
      const subPath = "((has(m.subPath) && m.subPath != '') || (has(m.subPathExpr) && m.subPathExpr != ''))";
      // The API server requires every mount to name one of the pod's volumes, each with one source.
      const atomicWriter = `${VOLUMES}.exists(v, v.name == m.name && (${ATOMIC_WRITER_VOLUMES.map(t => `has(v.${t})`).join(' || ')}))`;
      const check = (mount: string, why: string, severity: Severity) => {
        const fails = `has(c.volumeMounts) && c.volumeMounts.exists(m, ${mount})`;
        return {
          expression: `${CONTAINERS}.all(c, !(${fails}))`,
          messageExpression: `${celEach(CONTAINERS, 'c', fails,
            `${celContainer('c')} + ' mounts ' + ${celJoinFew(`c.volumeMounts.filter(m, ${mount}).map(m, "volume '" + m.name + "' with " + (has(m.subPath) && m.subPath != '' ? 'subPath: ' + m.subPath : 'subPathExpr: ' + m.subPathExpr))`, ', ')}`)} + ${celString(why)}`,
          severity,
        };
      };
      if (profile.runtime === ContainerRuntime.DOCKER_EE) return [check(subPath, ': Docker EE maps only whole directories into Windows containers', Severity.ERROR)];
      return [
        check(`${subPath} && ${atomicWriter}`, ': subPath mounts into Secret, ConfigMap, downwardAPI and projected volumes fail on Windows', Severity.ERROR),
        check(`${subPath} && !(${atomicWriter})`, ': subPath mounts are listed as unsupported on Windows', Severity.WARNING),
      ];
    },
  },
  checkPod: ({ pod, containers, profile }) => {
    const volumes: unknown[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    const volumeNamed = (name: unknown) => volumes.find((v): v is JsonObject => isObject(v) && v.name === name);
    return containers
      .flatMap(location => {
        const mounts: unknown[] = Array.isArray(location.container.volumeMounts) ? location.container.volumeMounts : [];
        return mounts.flatMap((mount, index) => {
          if (!isObject(mount)) return [];
          const field = ['subPath', 'subPathExpr'].find(f => typeof mount[f] === 'string' && mount[f] !== '');
          if (!field) return [];
          const type = volumeType(volumeNamed(mount.name));
          const atomicWriter = type !== undefined && ATOMIC_WRITER_VOLUMES.includes(type);
          const error = atomicWriter || profile.runtime === ContainerRuntime.DOCKER_EE;
          return [{
            path: `${location.path}.volumeMounts[${index}].${field}`,
            message: `${containerLabel(location)} mounts volume '${mount.name}'${type ? ` (${type})` : ''} with ${field}: ${show(mount[field])}`,
            severity: error ? Severity.ERROR : Severity.WARNING,
          }];
        });
      });
  },
};
