import { Severity } from '../../model/finding';
import { isObject, JsonObject } from '../../model/manifest';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { octal, volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule, Violation } from '../rule';

/** Volume sources whose files carry a POSIX mode (also as projected sources). */
const MODE_SOURCES = ['secret', 'configMap', 'downwardAPI'];

/** `items[].mode` of one source, with `defaultMode` when the source has its own. */
function modesOf(source: JsonObject, path: string, label: string): Violation[] {
  const violations: Violation[] = [];
  if (isSet(source.defaultMode)) {
    violations.push({ path: `${path}.defaultMode`, message: `${label}.defaultMode: ${source.defaultMode} (${octal(source.defaultMode)})` });
  }
  const items: unknown[] = Array.isArray(source.items) ? source.items : [];
  items.forEach((item, index) => {
    if (isObject(item) && isSet(item.mode)) {
      violations.push({ path: `${path}.items[${index}].mode`, message: `${label}.items[${index}].mode: ${item.mode} (${octal(item.mode)})` });
    }
  });
  return violations;
}

/**
 * The volume the API server adds to every pod that mounts its service account token
 * (`kube-api-access-<suffix>`: a token, the `kube-root-ca.crt` ConfigMap and the namespace, with
 * `defaultMode: 420`). Nobody wrote its mode, and nobody can remove it: it is not flagged on pods
 * read back from a cluster.
 */
function isServiceAccountVolume(volume: JsonObject): boolean {
  const projected = volume.projected;
  if (typeof volume.name !== 'string' || !/^kube-api-access-[a-z0-9]+$/.test(volume.name) || !isObject(projected)) return false;
  if (projected.defaultMode !== 420) return false;
  const sources: unknown[] = Array.isArray(projected.sources) ? projected.sources : [];
  return sources.some(source => isObject(source) && isObject(source.serviceAccountToken))
    && sources.every(source => isObject(source) && Object.keys(source).length === 1 && (isObject(source.serviceAccountToken)
      || isObject(source.downwardAPI) || (isObject(source.configMap) && source.configMap.name === 'kube-root-ca.crt')));
}

export const noFileMode: Rule = {
  name: 'no-file-mode',
  severity: Severity.WARNING,
  summary: 'A Secret, ConfigMap, downwardAPI or projected volume sets `defaultMode` or `items[].mode`.',
  why: 'Windows files have ACLs, not POSIX modes and owners: the kubelet ignores defaultMode and items[].mode on Windows, so the files are not protected the way the mode suggests.',
  remediation: 'Remove the modes. Restrict access with the container user (`runAsUserName`) and the node\'s file ACLs.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/storage/windows-storage (1.27 and newest docs) (DefaultMode, user masks and permissions)',
  checkPod: ({ pod }) => volumesOf(pod).flatMap(({ volume, path }) => {
    const prefix = (field: string) => `volume '${volume.name}' sets ${field}`;
    const direct = MODE_SOURCES.filter(type => isObject(volume[type]))
      .flatMap(type => modesOf(volume[type], `${path}.${type}`, prefix(type)));
    const projected = volume.projected;
    if (!isObject(projected) || isServiceAccountVolume(volume)) return direct;
    const violations = [...direct];
    if (isSet(projected.defaultMode)) {
      violations.push({ path: `${path}.projected.defaultMode`, message: `${prefix('projected.defaultMode')}: ${projected.defaultMode} (${octal(projected.defaultMode)})` });
    }
    const sources: unknown[] = Array.isArray(projected.sources) ? projected.sources : [];
    sources.forEach((source, index) => {
      if (!isObject(source)) return;
      for (const type of MODE_SOURCES.filter(t => isObject(source[t]))) {
        // A projected source has items but no defaultMode of its own.
        const items = { items: source[type].items };
        violations.push(...modesOf(items, `${path}.projected.sources[${index}].${type}`, prefix(`projected.sources[${index}].${type}`)));
      }
    });
    return violations;
  }),
};
