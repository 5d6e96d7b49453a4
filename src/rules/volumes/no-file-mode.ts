import { Severity } from '../../model/finding';
import { isObject, JsonObject } from '../../model/manifest';
import { celEach, celVolume, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { isSet } from '../lib/security-context';
import { octal, volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule, Violation } from '../rule';

/** Volume sources whose files carry a POSIX mode (also as projected sources). */
const MODE_SOURCES = ['secret', 'configMap', 'downwardAPI'];

/**
 * The `defaultMode` the API server writes into every Secret, ConfigMap, downwardAPI and projected
 * volume that sets none (0644): a manifest read back from a cluster has it everywhere, and an
 * admission policy cannot tell it from one written by hand, so it is not reported.
 */
const DEFAULT_MODE = 0o644;

/** `items[].mode` of one source, with `defaultMode` when the source has its own (other than the default). */
function modesOf(source: JsonObject, path: string, label: string): Violation[] {
  const violations: Violation[] = [];
  if (isSet(source.defaultMode) && source.defaultMode !== DEFAULT_MODE) {
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

export const noFileMode: Rule = {
  name: 'no-file-mode',
  severity: Severity.WARNING,
  summary: 'A Secret, ConfigMap, downwardAPI or projected volume sets `defaultMode` (other than the default 0644) or `items[].mode`.',
  why: 'Windows files have ACLs, not POSIX modes and owners: the kubelet ignores defaultMode and items[].mode on Windows, so the files are not protected the way the mode suggests.',
  remediation: 'Remove the modes. Restrict access with the container user (`runAsUserName`) and the node\'s file ACLs.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: '`defaultMode: 420` (0644) is not reported: the API server writes it into every such volume that sets none (the service account token volume too), so a manifest read back from a cluster has it everywhere.',
  sources: 'pkg/apis/core/v1/defaults.go SetDefaults_SecretVolumeSource and its ConfigMap, downwardAPI and projected siblings (v1.27.16, v1.37.2: defaultMode 0644); kubernetes.io concepts/storage/windows-storage (1.27 and newest docs) (DefaultMode, user masks and permissions)',
  admission: {
    checks: () => {
      const itemModes = (source: string) => `has(${source}.items) && ${source}.items.exists(i, has(i.mode))`;
      const ownModes = (source: string) => `has(${source}) && ((has(${source}.defaultMode) && ${source}.defaultMode != ${DEFAULT_MODE}) || ${itemModes(source)})`;
      const projectedModes = `has(v.projected.sources) && v.projected.sources.exists(s, ${MODE_SOURCES.map(t => `(has(s.${t}) && ${itemModes(`s.${t}`)})`).join(' || ')})`;
      const projectedDefault = `has(v.projected.defaultMode) && v.projected.defaultMode != ${DEFAULT_MODE}`;
      const fails = MODE_SOURCES.map(t => `(${ownModes(`v.${t}`)})`).join(' || ') + ` || (has(v.projected) && (${projectedDefault} || ${projectedModes}))`;
      return [{
        expression: `${VOLUMES}.all(v, !(${fails}))`,
        messageExpression: `${celEach(VOLUMES, 'v', fails, celVolume('v'))} + ' set defaultMode or items[].mode: Windows files have ACLs, not POSIX modes, and the kubelet ignores them'`,
      }];
    },
  },
  checkPod: ({ pod }) => volumesOf(pod).flatMap(({ volume, path }) => {
    const prefix = (field: string) => `volume '${volume.name}' sets ${field}`;
    const direct = MODE_SOURCES.filter(type => isObject(volume[type]))
      .flatMap(type => modesOf(volume[type], `${path}.${type}`, prefix(type)));
    const projected = volume.projected;
    if (!isObject(projected)) return direct;
    const violations = [...direct];
    if (isSet(projected.defaultMode) && projected.defaultMode !== DEFAULT_MODE) {
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
