// --namespace-labels: the Pod Security labels of namespaces the input does not hold, in every
// output format; and the Namespace objects of the input itself, wherever they come in it.
import { cli } from './support/cli';
import { parseArguments } from '../../src/cli/args';
import { parseNamespaceLabels } from '../../src/cli/namespace-labels';

const IIS_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: site
  namespace: web
spec:
  selector: {matchLabels: {app: site}}
  template:
    metadata: {labels: {app: site}}
    spec:
      os: {name: windows}
      nodeSelector: {kubernetes.io/os: windows}
      securityContext:
        windowsOptions: {runAsUserName: ContainerAdministrator}
      containers:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          resources: {limits: {memory: 1Gi}, requests: {memory: 1Gi}}
`;
const NAMESPACE = (level: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels: {pod-security.kubernetes.io/enforce: ${level}}
`;

describe('parsing', () => {
  test('full and short label keys, several namespaces, * for every other, other labels ignored', () => {
    expect(parseNamespaceLabels([
      'web=pod-security.kubernetes.io/enforce=restricted,enforce-version=v1.30,kubernetes.io/metadata.name=web',
      '*=warn=baseline',
    ])).toEqual([{ namespace: 'web', enforce: 'restricted', enforceVersion: 'v1.30' }, { warn: 'baseline' }]);
  });

  test.each([
    ['web', "'web': expected <namespace>=<label>=<value>[,<label>=<value>...], e.g. web=pod-security.kubernetes.io/enforce=restricted"],
    ['web=enforce', "'enforce' (namespace 'web'): expected <label>=<value>"],
    ['web=enforcement=restricted', "'enforcement' (namespace 'web') is not a Pod Security label: expected enforce, enforce-version, warn"],
    ['web=pod-security.kubernetes.io/enforcement=restricted', "'pod-security.kubernetes.io/enforcement' (namespace 'web') is not a Pod Security label"],
    ['web=enforce=strict', "namespace 'web': enforce (pod-security.kubernetes.io/enforce) is \"strict\": expected privileged, baseline or restricted"],
    ['web=enforce-version=1.25', "namespace 'web': enforceVersion (pod-security.kubernetes.io/enforce-version) is \"1.25\": expected 'latest' or 'v1.<minor>'"],
  ])('%s is a usage error naming the value', (value, message) => {
    const parsed = parseArguments(['check', '--namespace-labels', value, 'x.yaml']);
    expect(parsed).toEqual({ command: 'error', message: expect.stringContaining(`--namespace-labels: ${message}`) });
  });

  test('a namespace given twice is an error', () => {
    expect(parseArguments(['--namespace-labels', 'web=enforce=baseline', '--namespace-labels', 'web=warn=restricted', 'x.yaml']))
      .toEqual({ command: 'error', message: "--namespace-labels: namespace 'web' is given twice: put its labels in one value, separated by commas" });
  });
});

describe('checking', () => {
  test('the IIS Deployment in a namespace labelled restricted by the flag: exit 1, the finding names the check and the fix', async () => {
    const { status, stdout } = await cli(['check', '--namespace-labels', 'web=enforce=restricted', '-'], { stdin: IIS_DEPLOYMENT });
    expect(status).toBe(1);
    expect(stdout).toContain('Pod Security labels of web');
    expect(stdout).toContain("<stdin>:13: error: (object: web/site apps/v1, Kind=Deployment) the target's podSecurity for namespace 'web' enforces Pod Security restricted (latest: v1.37 on Kubernetes 1.37)");
    expect(stdout).toContain('failing check runAsNonRoot (runAsNonRoot != true: pod or container "iis" must set securityContext.runAsNonRoot=true)');
    expect(stdout).toContain('(check: pod-security-enforce, remediation: The pod runs as ContainerAdministrator');
    expect(stdout).toContain('Label the namespace pod-security.kubernetes.io/enforce: baseline, or use an image that does not need an administrator');
  });

  test('without the flag, or with baseline, the same input passes the namespace rules', async () => {
    for (const args of [['check', '-'], ['check', '--namespace-labels', 'web=enforce=baseline', '-']]) {
      const { stdout } = await cli(args, { stdin: IIS_DEPLOYMENT });
      expect(stdout).not.toContain('pod-security');
    }
  });

  test.each(['json', 'sarif', 'junit'])('--format %s reports it', async format => {
    const { status, stdout } = await cli(['check', '--format', format, '--namespace-labels', '*=enforce=restricted', '-'], { stdin: IIS_DEPLOYMENT });
    expect(status).toBe(1);
    expect(stdout).toContain('pod-security-enforce');
    expect(stdout).toContain('check runAsNonRoot');
  });

  test('a Namespace of the input, after the workload, wins over the flag', async () => {
    const input = `${IIS_DEPLOYMENT}---\n${NAMESPACE('restricted')}`;
    const restricted = await cli(['check', '--namespace-labels', 'web=enforce=baseline', '-'], { stdin: input });
    expect(restricted.status).toBe(1);
    expect(restricted.stdout).toContain("Namespace 'web' enforces Pod Security restricted");
    const baseline = await cli(['check', '--namespace-labels', 'web=enforce=restricted', '-'], { stdin: `${NAMESPACE('baseline')}---\n${IIS_DEPLOYMENT}` });
    expect(baseline.stdout).not.toContain('pod-security-enforce');
  });

  test('a workload waiting for its Namespace keeps its other findings, each said once, and is judged by the Namespace that comes later', async () => {
    // privileged: true is refused by baseline and restricted, and no-privileged finds it too.
    const privileged = IIS_DEPLOYMENT.replace(/(\n( *)image: [^\n]*)/, '$1\n$2securityContext:\n$2  privileged: true');
    expect(privileged).toContain('privileged: true');
    const result = await cli(['check', '--format', 'json', '-'], { stdin: `${privileged}---\n${NAMESPACE('baseline')}` });
    const findings = JSON.parse(result.stdout).findings.map((f: any) => `${f.rule} ${f.line}`);
    expect(findings.filter((f: string) => f.startsWith('no-privileged '))).toHaveLength(1);
    expect(findings.filter((f: string) => f.startsWith('pod-security-enforce '))).toHaveLength(1);
    // In a namespace without labels (privileged), only no-privileged.
    const unlabelled = await cli(['check', '--format', 'json', '-'], { stdin: privileged });
    expect(JSON.parse(unlabelled.stdout).findings.map((f: any) => f.rule)).not.toContain('pod-security-enforce');
  });
});
