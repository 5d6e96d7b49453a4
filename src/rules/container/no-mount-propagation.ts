import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { celContainer, celEach, celJoinFew, celString, CONTAINERS } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel, isSet } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

/** `None` is what Windows does anyway (private mounts), so only the propagating modes are reported. */
const NO_PROPAGATION = 'None';

export const noMountPropagation: Rule = {
  name: 'no-mount-propagation',
  severity: Severity.ERROR,
  summary: 'A volume mount sets `mountPropagation` to `HostToContainer` or `Bidirectional`.',
  why: 'Windows has no mount propagation: the kubelet mounts every Windows volume private and ignores the field, so mounts never propagate between host and container.',
  remediation: 'Remove `mountPropagation` (or set `None`). Share data through the volume\'s own contents instead of nested mounts.',
  docsUrl: DOCS.windowsPods,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'pkg/kubelet/kubelet_pods.go translateMountPropagation (v1.37.2: always private on Windows); kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: () => {
      const propagates = `has(m.mountPropagation) && m.mountPropagation != ${celString(NO_PROPAGATION)}`;
      const fails = `has(c.volumeMounts) && c.volumeMounts.exists(m, ${propagates})`;
      return [{
        expression: `${CONTAINERS}.all(c, !(${fails}))`,
        messageExpression: celEach(CONTAINERS, 'c', fails,
          `${celContainer('c')} + ' mounts ' + ${celJoinFew(`c.volumeMounts.filter(m, ${propagates}).map(m, "volume '" + m.name + "' with mountPropagation: " + m.mountPropagation)`, ', ')}`),
      }];
    },
  },
  checkPod: ({ containers }) => containers.flatMap(location => {
    const mounts: unknown[] = Array.isArray(location.container.volumeMounts) ? location.container.volumeMounts : [];
    return mounts.flatMap((mount, index) => {
      if (!isObject(mount) || !isSet(mount.mountPropagation) || mount.mountPropagation === NO_PROPAGATION) return [];
      return [{
        path: `${location.path}.volumeMounts[${index}].mountPropagation`,
        message: `${containerLabel(location)} mounts volume '${mount.name}' with mountPropagation: ${JSON.stringify(mount.mountPropagation)}`,
      }];
    });
  }),
};
