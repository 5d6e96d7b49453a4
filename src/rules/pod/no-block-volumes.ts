import { Severity } from '../../model/finding';
import { isObject } from '../../model/manifest';
import { V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const noBlockVolumes: Rule = {
  name: 'no-block-volumes',
  severity: Severity.ERROR,
  summary: 'A container uses `volumeDevices` (a raw block volume).',
  why: 'Windows containers cannot attach raw block devices; only filesystem volume mounts are supported.',
  remediation: 'Use a filesystem PersistentVolumeClaim (`volumeMode: Filesystem`) and `volumeMounts` instead of `volumeDevices`.',
  docsUrl: DOCS.storage,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes.io concepts/storage/windows-storage (block device mapping) and kubernetes.io concepts/windows/intro #compatibility-v1-pod (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!${V.containers}.exists(c, has(c.volumeDevices) && size(c.volumeDevices) > 0)`,
      messageExpression: `${V.containers}.filter(c, has(c.volumeDevices) && size(c.volumeDevices) > 0).map(c, 'container ' + c.name + ' attaches ' + c.volumeDevices.map(d, d.name).join(', ') + ' as block devices').join('; ')`,
    }],
  },
  checkPod: ({ containers }) => containers.flatMap(location => {
    const devices: unknown[] = Array.isArray(location.container.volumeDevices) ? location.container.volumeDevices : [];
    return devices.map((device, index) => ({
      path: `${location.path}.volumeDevices[${index}]`,
      message: `${containerLabel(location)} attaches volume '${isObject(device) ? device.name : '?'}' as a block device`
        + (isObject(device) && device.devicePath ? ` at devicePath: ${JSON.stringify(device.devicePath)}` : ''),
    }));
  }),
};
