// `check --nodes <file>`: the node pools of Node objects judge every pod by where the scheduler
// may place it, in every output format; a bad file is one clear line and exit 2.
import * as fs from 'fs';
import * as path from 'path';
import { cli, tempDir } from './support/cli';

/** `kubectl get nodes -o yaml`, cut down to what the scheduler reads. */
const NODES_YAML = `# kubectl get nodes -o yaml, cut down to what the scheduler reads: a Linux node, two nodes of an
# untainted AKS-style Windows Server 2022 pool, and a tainted Windows Server 2019 node.
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: linux-1
    labels: { kubernetes.io/hostname: linux-1, kubernetes.io/os: linux, kubernetes.io/arch: amd64 }
  spec: {}
- apiVersion: v1
  kind: Node
  metadata:
    name: akswin22-000000
    labels: { kubernetes.io/hostname: akswin22-000000, kubernetes.io/os: windows, kubernetes.io/arch: amd64, node.kubernetes.io/windows-build: 10.0.20348, kubernetes.azure.com/os-sku: Windows2022, kubernetes.azure.com/agentpool: win22 }
  spec: {}
- apiVersion: v1
  kind: Node
  metadata:
    name: akswin22-000001
    labels: { kubernetes.io/hostname: akswin22-000001, kubernetes.io/os: windows, kubernetes.io/arch: amd64, node.kubernetes.io/windows-build: 10.0.20348, kubernetes.azure.com/os-sku: Windows2022, kubernetes.azure.com/agentpool: win22 }
  spec:
    # A node that is not ready yet: its condition taint is not part of its pool.
    taints: [{ key: node.kubernetes.io/not-ready, effect: NoExecute }]
- apiVersion: v1
  kind: Node
  metadata:
    name: win2019-1
    labels: { kubernetes.io/hostname: win2019-1, kubernetes.io/os: windows, kubernetes.io/arch: amd64, node.kubernetes.io/windows-build: 10.0.17763 }
  spec:
    taints: [{ key: os, value: windows, effect: NoSchedule }]
`;

/** A Linux DaemonSet that tolerates every taint, and a Windows Deployment for a build no pool has. */
const MANIFESTS = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: logs }
spec:
  selector: { matchLabels: { app: logs } }
  template:
    metadata: { labels: { app: logs } }
    spec:
      tolerations: [{ operator: Exists }]
      containers: [{ name: agent, image: 'fluent/fluent-bit:3.1' }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      os: { name: windows }
      nodeSelector: { kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.26100 }
      tolerations: [{ key: os, operator: Equal, value: windows, effect: NoSchedule }]
      securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: ContainerUser } }
      containers:
      - name: app
        image: mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2025
        resources: { limits: { cpu: '1', memory: 1Gi }, requests: { cpu: '1', memory: 1Gi } }
`;

describe('--nodes', () => {
  const dir = tempDir();
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  beforeAll(() => file('nodes.yaml', NODES_YAML));
  test('text: the pools are in the target line, and each scheduling finding names the pools', async () => {
    const { status, stdout, stderr } = await cli(['check', '--nodes', 'nodes.yaml', '-'], { stdin: MANIFESTS, cwd: dir });
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toContain('node pools linux-1, win22, win2019-1');
    expect(stdout).toContain('non-windows-pod-on-windows-pool');
    expect(stdout).toContain("Windows pools 'win22' (not tainted), 'win2019-1' (tolerations[0] tolerates os=windows:NoSchedule)");
    expect(stdout).toContain('no-node-pool-accepts');
    expect(stdout).toContain("pool 'win22': its placement does not match: nodeSelector node.kubernetes.io/windows-build: 10.0.26100 (the pool has node.kubernetes.io/windows-build=10.0.20348)");
    expect(status).toBe(1);
  });

  test('without --nodes, the same manifests give no scheduling finding', async () => {
    const { stdout } = await cli(['check', '--format', 'json', '-'], { stdin: MANIFESTS });
    const rules = JSON.parse(stdout).findings.map((f: any) => f.rule);
    expect(rules).not.toContain('no-node-pool-accepts');
    expect(rules).not.toContain('non-windows-pod-on-windows-pool');
  });

  test.each(['json', 'sarif', 'junit'])('%s: the same findings, and the pools in the target', async format => {
    const { status, stdout } = await cli(['check', '--nodes', 'nodes.yaml', '--format', format, '-'], { stdin: MANIFESTS, cwd: dir });
    expect(status).toBe(1);
    if (format === 'json') {
      const report = JSON.parse(stdout);
      expect(report.target.nodePools.map((p: any) => [p.name, p.nodeCount])).toEqual([['linux-1', 1], ['win22', 2], ['win2019-1', 1]]);
      expect(report.findings.filter((f: any) => f.rule === 'no-node-pool-accepts' || f.rule === 'non-windows-pod-on-windows-pool')
        .map((f: any) => [f.rule, f.object.name, f.line])).toEqual([['non-windows-pod-on-windows-pool', 'logs', 9], ['no-node-pool-accepts', 'web', 19]]);
    } else if (format === 'sarif') {
      const results = JSON.parse(stdout).runs[0].results.map((r: any) => r.ruleId);
      expect(results).toEqual(expect.arrayContaining(['no-node-pool-accepts', 'non-windows-pod-on-windows-pool']));
      expect(stdout).toContain('node pools linux-1, win22, win2019-1');
    } else {
      expect(stdout).toMatch(/<failure message="no-node-pool-accepts: spec.template.spec" type="error">/);
      expect(stdout).toMatch(/<failure message="non-windows-pod-on-windows-pool: spec.template.spec.tolerations\[0\]" type="error">/);
      expect(stdout).toContain('node pools linux-1, win22, win2019-1');
    }
  });

  test.each([
    ['a missing file', () => path.join(dir, 'absent.yaml'), 'absent.yaml: no such file'],
    ['a file that is not YAML', () => file('bad.yaml', 'kind: Node\n  name: [x\n'), 'bad.yaml, line 2: not YAML or JSON'],
    ['a Pod among the Nodes', () => file('pod.yaml', 'apiVersion: v1\nkind: Node\nmetadata: { name: a }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: p }\n'), 'pod.yaml: document 2 is a Pod, not a Node (expected Node objects, as `kubectl get nodes -o yaml` prints them)'],
    ['a List with a Pod item', () => file('list.yaml', 'apiVersion: v1\nkind: List\nitems: [{ kind: Pod }]\n'), 'list.yaml: document 1, item 1 is a Pod, not a Node'],
    ['a taint with an unknown effect', () => file('taint.yaml', 'kind: Node\nmetadata: { name: w }\nspec: { taints: [{ key: os, effect: Always }] }\n'), "taint.yaml: Node 'w': spec.taints[0]: effect \"Always\" of taint 'os' is not one of NoSchedule, PreferNoSchedule, NoExecute"],
    ['an empty file', () => file('empty.yaml', '# nothing\n'), 'empty.yaml: holds no Node'],
  ])('%s: exit 2, one line naming the file and what is wrong', async (_name, make, message) => {
    const { status, stdout, stderr } = await cli(['check', '--nodes', make(), '-'], { stdin: MANIFESTS });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('cdk8s-windows: --nodes: ');
    expect(stderr).toContain(message);
  });

  test('--nodes with --cluster is a usage error', async () => {
    const { status, stderr } = await cli(['check', '--cluster', '--nodes', 'nodes.yaml']);
    expect(status).toBe(2);
    expect(stderr).toContain('--nodes and --cluster: give one');
  });
});
