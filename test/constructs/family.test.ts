import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  KubernetesVersion, WindowsCronJob, WindowsDaemonSet, WindowsDeployment, WindowsJob, WindowsPod,
  WindowsStatefulSet,
} from '../../src';
import { synthValid } from '../support/manifests';

const IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2022';

interface FamilyMember {
  readonly kind: string;
  readonly create: (scope: Construct, props: any) => kplus.AbstractPod;
  /** Where the pod spec sits in the manifest. */
  readonly podSpec: (manifest: any) => any;
}

const template = (m: any) => m.spec.template.spec;
const FAMILY: FamilyMember[] = [
  { kind: 'Deployment', create: (s, p) => new WindowsDeployment(s, 'w', p), podSpec: template },
  { kind: 'StatefulSet', create: (s, p) => new WindowsStatefulSet(s, 'w', { ...p, service: new kplus.Service(s, 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }) }), podSpec: template },
  { kind: 'DaemonSet', create: (s, p) => new WindowsDaemonSet(s, 'w', p), podSpec: template },
  { kind: 'Job', create: (s, p) => new WindowsJob(s, 'w', p), podSpec: template },
  { kind: 'CronJob', create: (s, p) => new WindowsCronJob(s, 'w', { ...p, schedule: Cron.daily() }), podSpec: m => m.spec.jobTemplate.spec.template.spec },
  { kind: 'Pod', create: (s, p) => new WindowsPod(s, 'w', p), podSpec: m => m.spec },
];

function synthMember(member: FamilyMember, props: any, build?: (workload: kplus.AbstractPod, chart: Chart) => void): any {
  const chart = Testing.chart();
  const workload = member.create(chart, props);
  build?.(workload, chart);
  return synthValid(chart).find(m => m.kind === member.kind);
}

describe.each(FAMILY)('Windows$kind', (member) => {
  test('places pods on Windows nodes and strips the Linux-only defaults', () => {
    const spec = member.podSpec(synthMember(member, { containers: [{ image: IMAGE, portNumber: 80 }] }));
    expect(spec.os).toEqual({ name: 'windows' });
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
    expect(spec.tolerations).toEqual([{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } });
    expect(spec.containers[0].securityContext).toBeUndefined();
    expect(spec.containers[0].resources.requests.memory).toBe(spec.containers[0].resources.limits.memory);
  });

  test('treats containers and init containers added after construction, with volumes', () => {
    const manifest = synthMember(member, {}, (workload, chart) => {
      const container = workload.addContainer({ image: IMAGE, name: 'late' });
      container.mount('C:\\data', kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch'));
      workload.addInitContainer({ image: IMAGE, name: 'setup' });
    });
    const spec = member.podSpec(manifest);
    expect(spec.containers.map((c: any) => c.securityContext)).toEqual([undefined]);
    expect(spec.initContainers.map((c: any) => c.securityContext)).toEqual([undefined]);
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  test('attachContainer of a kplus.Container is refused before anything changes: its securityContext defaults cannot be told from explicit values', () => {
    const chart = Testing.chart();
    const workload = member.create(chart, { containers: [{ image: IMAGE, portNumber: 80 }] });
    const container = new kplus.Container({ image: IMAGE, name: 'sidecar', securityContext: { readOnlyRootFilesystem: true } });
    expect(() => workload.attachContainer(container)).toThrow(/test\/w: attachContainer cannot be used on a Windows workload[\s\S]*Add container 'sidecar' with addContainer\(props\)/);
    expect(workload.containers.map(c => c.name)).toEqual(['main']);
  });

  test('values equal to the cdk8s-plus defaults, set on purpose through addContainer, stay and are reported', () => {
    const chart = Testing.chart();
    const workload = member.create(chart, { containers: [{ image: IMAGE, portNumber: 80 }] });
    workload.addContainer({ image: IMAGE, name: 'late', securityContext: { readOnlyRootFilesystem: true, privileged: false } });
    expect(() => Testing.synth(chart)).toThrow(/no-privileged[\s\S]*containers\[1\]\.securityContext\.privileged/);
  });

  test('an explicit privileged container fails synthesis with the rule and the field path', () => {
    const chart = Testing.chart();
    member.create(chart, { containers: [{ image: IMAGE, name: 'agent', securityContext: { privileged: true } }] });
    expect(() => Testing.synth(chart)).toThrow(/no-privileged[\s\S]*containers\[0\]\.securityContext\.privileged/);
  });

  test('gMSA and the target profile reach the pod', () => {
    const spec = member.podSpec(synthMember(member, {
      kubernetesVersion: KubernetesVersion.of('1.24'),
      gmsaCredentialSpecName: 'webapp1',
      containers: [{ image: IMAGE }],
    }));
    expect(spec.os).toBeUndefined();
    expect(spec.securityContext.windowsOptions.gmsaCredentialSpecName).toBe('webapp1');
  });
});

describe('container props from other languages', () => {
  test('a key a container does not have (a snake_case dictionary key from Python) is an error naming it and the one meant', () => {
    const chart = Testing.chart();
    expect(() => new WindowsDeployment(chart, 'web', { containers: [{ image: IMAGE, port_number: 80 } as any] }))
      .toThrow(/test\/web: containers\[0\]: unknown container property 'port_number' \(did you mean 'portNumber'\? dictionaries take the camelCase names\)/);
    const deployment = new WindowsDeployment(chart, 'later', { containers: [{ image: IMAGE }] });
    expect(() => deployment.addInitContainer({ image: IMAGE, workingdir: 'C:\\app' } as any)).toThrow(/initContainers\[0\]: unknown container property 'workingdir'\. Container properties: args, command/);
  });
});
