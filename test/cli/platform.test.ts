// --platform: the platform the cluster runs on, parsed, printed with the target in every output
// format, and its rules run (and only its rules).
import { cli } from './support/cli';
import { parseArguments } from '../../src/cli/args';
import { Platform } from '../../src/model/platform';

/** A Windows Deployment placed by node affinity alone, with spec.os: fine upstream, no IP address on EKS. */
const AFFINITY_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
spec:
  selector: {matchLabels: {app: site}}
  template:
    metadata: {labels: {app: site}}
    spec:
      os: {name: windows}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [windows]}]
      securityContext:
        runAsNonRoot: true
        windowsOptions: {runAsUserName: ContainerUser}
      containers:
        - name: app
          image: mcr.microsoft.com/windows/nanoserver:ltsc2022
          resources: {limits: {memory: 1Gi}, requests: {memory: 1Gi}}
`;

describe('parsing', () => {
  test.each(Object.values(Platform))('--platform %s', platform => {
    const parsed = parseArguments(['check', '--platform', platform, 'x.yaml']);
    expect(parsed.command === 'check' && parsed.profile.platform).toBe(platform);
  });

  test('the default is generic', () => {
    const parsed = parseArguments(['check', 'x.yaml']);
    expect(parsed.command === 'check' && parsed.profile.platform).toBe(Platform.GENERIC);
  });

  test('an unknown platform is a usage error naming the accepted values', () => {
    expect(parseArguments(['check', '--platform', 'azure', 'x.yaml']))
      .toEqual({ command: 'error', message: "--platform: invalid value 'azure': expected one of generic, aks, eks, gke, openshift" });
  });
});

describe('checking', () => {
  test('on EKS a Windows Deployment placed by affinity alone fails: exit 1, the finding says to add the node selector', async () => {
    const { status, stdout } = await cli(['check', '--platform', 'eks', '-'], { stdin: AFFINITY_DEPLOYMENT });
    expect(status).toBe(1);
    expect(stdout).toContain('target Kubernetes 1.37, Windows Server not pinned, containerd, process isolation, on EKS');
    expect(stdout).toContain('<stdin>:9: error: (object: <no namespace>/site apps/v1, Kind=Deployment) the pod has no nodeSelector kubernetes.io/os: windows (it is placed by node affinity)');
    expect(stdout).toContain("(check: eks-windows-node-selector, remediation: Add `kubernetes.io/os: windows` to the pod's `spec.nodeSelector`");
  });

  test('without --platform (or on another platform) the same input passes the platform rules', async () => {
    for (const args of [['check', '-'], ['check', '--platform', 'aks', '-']]) {
      const { stdout } = await cli(args, { stdin: AFFINITY_DEPLOYMENT });
      expect(stdout).not.toContain('eks-windows-node-selector');
    }
  });

  test('--format json carries the platform in the target', async () => {
    const { stdout } = await cli(['check', '--format', 'json', '--platform', 'eks', '-'], { stdin: AFFINITY_DEPLOYMENT });
    const report = JSON.parse(stdout);
    expect(report.target.platform).toBe('eks');
    expect(report.findings.map((f: any) => f.rule)).toContain('eks-windows-node-selector');
    const generic = JSON.parse((await cli(['check', '--format', 'json', '-'], { stdin: AFFINITY_DEPLOYMENT })).stdout);
    expect(generic.target.platform).toBe('generic');
  });

  test.each(['sarif', 'junit'])('--format %s names the platform with the target', async format => {
    const { status, stdout } = await cli(['check', '--format', format, '--platform', 'eks', '-'], { stdin: AFFINITY_DEPLOYMENT });
    expect(status).toBe(1);
    expect(stdout).toContain('process isolation, on EKS');
    expect(stdout).toContain('eks-windows-node-selector');
  });
});
