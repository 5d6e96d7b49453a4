import { Testing } from 'cdk8s';
import { IisAppChart } from '../examples/iis-app';
import { synthValid } from './support/manifests';

test('the IIS example lands on Windows Server 2022 nodes with no Linux-only field', () => {
  const chart = new IisAppChart(Testing.app(), 'iis-app');
  const manifests = synthValid(chart);
  expect(manifests.map(m => m.kind)).toEqual(['Deployment', 'Service']);
  const spec = manifests[0].spec.template.spec;
  expect(spec.os).toEqual({ name: 'windows' });
  expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
  expect(spec.tolerations).toEqual([{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
  expect(spec.securityContext).toEqual({ windowsOptions: { runAsUserName: 'ContainerAdministrator' } });
  const linuxOnly = ['privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'runAsUser', 'runAsGroup', 'fsGroup', 'fsGroupChangePolicy', 'seccompProfile', 'capabilities'];
  const text = JSON.stringify(manifests);
  for (const field of linuxOnly) expect(text).not.toContain(`"${field}"`);
  expect(manifests[1].spec.selector).toEqual(manifests[0].spec.selector.matchLabels);
});
