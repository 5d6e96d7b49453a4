// WindowsNamespace: the Pod Security labels that fit the workloads placed in it, and synthesis
// failing on a Windows workload its namespace's enforced level refuses (before a cluster does).
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  KubernetesVersion, PodSecurityLevel, TargetProfile, WindowsDeployment, WindowsHostProcessDaemonSet, WindowsNamespace,
} from '../../src';
import { synthError, synthValid } from '../support/manifests';

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const ASPNET_CORE = 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022';
const AGENT = 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0';

const labelsOf = (manifests: any[], name: string) => manifests.find(m => m.kind === 'Namespace' && m.metadata.name === name).metadata.labels;
const podSecurity = (level: string, version: string) => ({
  'pod-security.kubernetes.io/enforce': level,
  'pod-security.kubernetes.io/enforce-version': version,
  'pod-security.kubernetes.io/warn': level,
  'pod-security.kubernetes.io/warn-version': version,
  'pod-security.kubernetes.io/audit': level,
  'pod-security.kubernetes.io/audit-version': version,
});

describe('IIS in a restricted namespace fails synthesis', () => {
  test('a plain Namespace labelled restricted and the default IIS WindowsDeployment in it: the error names runAsNonRoot and the fix', () => {
    const chart = Testing.chart();
    new kplus.Namespace(chart, 'web', { metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    new WindowsDeployment(chart, 'site', { metadata: { namespace: 'web' }, containers: [{ image: IIS, portNumber: 80 }] });
    const message = synthError(chart);
    expect(message).toContain('[error] pod-security-enforce');
    expect(message).toContain("Namespace 'web' enforces Pod Security restricted");
    expect(message).toContain('check runAsNonRoot (runAsNonRoot != true');
    expect(message).toContain('pod-security.kubernetes.io/enforce: baseline');
    expect(message).toContain('an image that does not need an administrator');
  });

  test('the same chart with a baseline namespace synthesizes, and the library\'s Deployment is unchanged by the namespace', () => {
    const withNamespace = Testing.chart();
    new kplus.Namespace(withNamespace, 'web', { metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
    new WindowsDeployment(withNamespace, 'site', { metadata: { namespace: 'web' }, containers: [{ image: IIS, portNumber: 80 }] });
    const alone = Testing.chart();
    new WindowsDeployment(alone, 'site', { metadata: { namespace: 'web' }, containers: [{ image: IIS, portNumber: 80 }] });
    const deployment = (manifests: any[]) => manifests.find(m => m.kind === 'Deployment');
    expect(deployment(synthValid(withNamespace))).toEqual(deployment(synthValid(alone)));
  });

  test('the target\'s podSecurity judges a namespace the chart does not hold', () => {
    const chart = Testing.chart();
    TargetProfile.configure(chart, { podSecurity: [{ namespace: 'web', enforce: PodSecurityLevel.RESTRICTED }] });
    new WindowsDeployment(chart, 'site', { metadata: { namespace: 'web' }, containers: [{ image: IIS, portNumber: 80 }] });
    expect(synthError(chart)).toContain("the target's podSecurity for namespace 'web' enforces Pod Security restricted");
  });
});

describe('WindowsNamespace', () => {
  test('labels the strictest level that admits its workloads, pinned to the target\'s version', () => {
    const chart = Testing.chart();
    const plain = new WindowsNamespace(chart, 'plain', { metadata: { name: 'plain' } });
    new WindowsDeployment(chart, 'api', { metadata: { namespace: plain.name }, containers: [{ image: ASPNET_CORE, portNumber: 8080 }] });
    const web = new WindowsNamespace(chart, 'web', { metadata: { name: 'web' } });
    new WindowsDeployment(chart, 'site', { metadata: { namespace: web.name }, containers: [{ image: IIS, portNumber: 80 }] });
    const agents = new WindowsNamespace(chart, 'agents', { metadata: { name: 'agents' } });
    new WindowsHostProcessDaemonSet(chart, 'agent', { metadata: { namespace: agents.name }, containers: [{ image: AGENT }] });
    new WindowsNamespace(chart, 'empty', { metadata: { name: 'empty' } });
    const manifests = synthValid(chart);
    expect(labelsOf(manifests, 'plain')).toEqual(podSecurity('restricted', 'v1.27'));
    expect(labelsOf(manifests, 'web')).toEqual(podSecurity('baseline', 'v1.27'));
    expect(labelsOf(manifests, 'agents')).toEqual(podSecurity('privileged', 'v1.27'));
    expect(labelsOf(manifests, 'empty')).toEqual(podSecurity('restricted', 'v1.27'));
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
  });

  test('the version follows the target, and can be latest', () => {
    const chart = Testing.chart();
    TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of('1.32') });
    new WindowsNamespace(chart, 'a', { metadata: { name: 'a' } });
    new WindowsNamespace(chart, 'b', { metadata: { name: 'b' }, podSecurityVersion: 'latest' });
    const manifests = synthValid(chart);
    expect(labelsOf(manifests, 'a')['pod-security.kubernetes.io/enforce-version']).toBe('v1.32');
    expect(labelsOf(manifests, 'b')['pod-security.kubernetes.io/enforce-version']).toBe('latest');
  });

  test('before v1.25 restricted admits no Windows pod, so a Windows workload\'s namespace is labelled baseline', () => {
    const chart = Testing.chart();
    TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of('1.24') });
    const ns = new WindowsNamespace(chart, 'api-namespace', { metadata: { name: 'api' } });
    new WindowsDeployment(chart, 'api', { metadata: { namespace: ns.name }, containers: [{ image: ASPNET_CORE, portNumber: 8080 }] });
    expect(labelsOf(synthValid(chart), 'api')['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  test('refuses an explicit restricted over a HostProcess or administrator workload, naming the workload and the check', () => {
    const chart = Testing.chart();
    const ns = new WindowsNamespace(chart, 'web', { metadata: { name: 'web' }, podSecurity: PodSecurityLevel.RESTRICTED });
    new WindowsDeployment(chart, 'site', { metadata: { namespace: ns.name }, containers: [{ image: IIS, portNumber: 80 }] });
    const message = synthError(chart);
    expect(message).toContain("WindowsNamespace 'web' is labelled restricted (version v1.27), which refuses the pods of Deployment/");
    expect(message).toContain('runAsNonRoot (runAsNonRoot != true');
    expect(message).toContain('need baseline');

    const agents = Testing.chart();
    const ans = new WindowsNamespace(agents, 'agents', { metadata: { name: 'agents' }, podSecurity: PodSecurityLevel.BASELINE });
    new WindowsHostProcessDaemonSet(agents, 'agent', { metadata: { namespace: ans.name }, containers: [{ image: AGENT }] });
    expect(synthError(agents)).toContain('windowsHostProcess (hostProcess: pod must not set securityContext.windowsOptions.hostProcess=true)');
  });

  test('an explicit level that admits its workloads is kept', () => {
    const chart = Testing.chart();
    const ns = new WindowsNamespace(chart, 'web', { metadata: { name: 'web' }, podSecurity: PodSecurityLevel.PRIVILEGED });
    new WindowsDeployment(chart, 'api', { metadata: { namespace: ns.name }, containers: [{ image: ASPNET_CORE, portNumber: 8080 }] });
    expect(labelsOf(synthValid(chart), 'web')['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('bad props fail at construction with the prop and the accepted values', () => {
    const chart = Testing.chart();
    expect(() => new WindowsNamespace(chart, 'a', { podSecurityVersion: '1.30' })).toThrow("podSecurityVersion '1.30' is not a Pod Security version: use 'latest' or 'v1.<minor>'");
    expect(() => new WindowsNamespace(chart, 'b', { podSecurity: 'strict' as PodSecurityLevel })).toThrow("podSecurity 'strict' is not a Pod Security level");
    expect(() => new WindowsNamespace(chart, 'c', { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }))
      .toThrow('the label pod-security.kubernetes.io/enforce is set in metadata.labels: set the podSecurity and podSecurityVersion props instead');
  });

  test('a workload in another namespace does not count', () => {
    const chart = Testing.chart();
    new WindowsNamespace(chart, 'web', { metadata: { name: 'web' } });
    new WindowsDeployment(chart, 'site', { metadata: { namespace: 'other' }, containers: [{ image: IIS, portNumber: 80 }] });
    expect(labelsOf(synthValid(chart), 'web')['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ApiObject.isApiObject(ApiObject.of(chart.node.findChild('web')))).toBe(true);
  });
});
