import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { celEach, celVolume, VOLUMES } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { volumesOf } from '../lib/volumes';
import { HostProcessPods, Rule, Violation } from '../rule';

export const secretOnNodeDisk: Rule = {
  name: 'secret-on-node-disk',
  severity: Severity.INFO,
  summary: 'A pod mounts a Secret as a volume (directly or as a projected source).',
  why: 'Windows has no tmpfs: the kubelet writes Secret volumes to the node\'s disk in clear text.',
  remediation: 'Protect the node disk: restrict the kubelet directory with ACLs and encrypt the volume (BitLocker). Consider a CSI secrets store driver for sensitive data.',
  docsUrl: DOCS.windowsSecurity,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/security/windows-security (newest docs; the 1.27 page inferred from the stored versions)',
  admission: {
    checks: () => {
      const mounts = 'has(v.secret) || (has(v.projected) && has(v.projected.sources) && v.projected.sources.exists(s, has(s.secret)))';
      return [{
        expression: `${VOLUMES}.all(v, !(${mounts}))`,
        messageExpression: `${celEach(VOLUMES, 'v', mounts, celVolume('v'))} + ' mount Secrets, which Windows writes to the node disk in clear text'`,
      }];
    },
  },
  checkPod: ({ pod }) => volumesOf(pod).flatMap(({ volume, path }) => {
    const violations: Violation[] = [];
    if (isObject(volume.secret)) {
      violations.push({ path: `${path}.secret`, message: `volume '${volume.name}' mounts Secret '${volume.secret.secretName}'` });
    }
    const sources: unknown[] = Array.isArray(volume.projected?.sources) ? volume.projected.sources : [];
    sources.forEach((source, index) => {
      if (isObject(source) && isObject(source.secret)) {
        violations.push({
          path: `${path}.projected.sources[${index}].secret`,
          message: `volume '${volume.name}' projects Secret '${source.secret.name}'`,
        });
      }
    });
    return violations;
  }),
};
