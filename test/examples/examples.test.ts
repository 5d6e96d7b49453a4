import { Testing } from 'cdk8s';
import { HyperVJobChart } from '../../examples/hyperv-job';
import { IisAppChart } from '../../examples/iis-app';
import { NodeAgentChart } from '../../examples/node-agent';
import { StatefulDbChart } from '../../examples/stateful-db';
import { synthValid } from '../support/manifests';

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

describe('workload family examples', () => {
  test('the HostProcess node agent runs on the host network as LOCAL SERVICE', () => {
    const manifests = synthValid(new NodeAgentChart(Testing.app(), 'agent'));
    const spec = manifests[0].spec.template.spec;
    expect(manifests[0].kind).toBe('DaemonSet');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.securityContext.windowsOptions).toEqual({ runAsUserName: 'NT AUTHORITY\\Local service', hostProcess: true });
  });

  test('the Hyper-V job runs an ltsc2019 image on 2022 nodes through the Hyper-V RuntimeClass', () => {
    const manifests = synthValid(new HyperVJobChart(Testing.app(), 'jobs'));
    const job = manifests.find(m => m.kind === 'Job');
    expect(manifests.find(m => m.kind === 'RuntimeClass').handler).toBe('runhcs-wcow-hypervisor');
    expect(job.spec.template.spec.runtimeClassName).toBe('windows-hyperv');
    expect(job.spec.template.spec.nodeSelector['node.kubernetes.io/windows-build']).toBe('10.0.20348');
  });

  test('the StatefulSet mounts its Azure Disk claim and sits behind a headless WindowsService', () => {
    const manifests = synthValid(new StatefulDbChart(Testing.app(), 'db'));
    const set = manifests.find(m => m.kind === 'StatefulSet');
    const service = manifests.find(m => m.kind === 'Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(set.spec.serviceName).toBe(service.metadata.name);
    expect(set.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(manifests.find(m => m.kind === 'PersistentVolumeClaim').metadata.name);
    expect(set.spec.template.spec.containers[0].volumeMounts[0].mountPath).toBe('C:\\data');
  });
});
