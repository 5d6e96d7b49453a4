// The validation plugin judges pods by node pools: its nodePools property (objects the app did
// not record a target for), and the pools synthesis recorded in the target of each object. With
// a cdk8s ValidationContext stand-in (what the cdk8s CLI hands to validate).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TargetProfile, WindowsNodePool, WindowsServerVersion, WindowsValidationPlugin } from '../../src';
import { recordKey, TARGET_RECORD_FILE, TARGET_RECORD_VERSION } from '../../src/model/target-record';
import { tolerateEverythingDaemonSet } from '../rules/nodes/examples';

const POOLS = [WindowsNodePool.linux('linux'), WindowsNodePool.windows('win22', WindowsServerVersion.WS2022, { windowsTaint: true })];

async function validate(plugin: WindowsValidationPlugin, objects: any[], manifest = 'dist/app.k8s.yaml') {
  const violations: any[] = [];
  let status = '';
  await plugin.validate({
    manifests: [manifest],
    parseManifest: () => objects,
    report: { addViolation: (v: any) => violations.push(v), submit: (s: string) => { status = s; } },
    logger: { log: () => undefined },
  });
  return { status, rules: violations.map(v => v.ruleName) };
}

test('the nodePools property: a Linux DaemonSet tolerating every taint fails on the Windows pool; a bad pool is refused', async () => {
  expect(await validate(new WindowsValidationPlugin({ nodePools: POOLS }), [tolerateEverythingDaemonSet()]))
    .toEqual({ status: 'failure', rules: ['non-windows-pod-on-windows-pool (error)'] });
  expect(await validate(new WindowsValidationPlugin(), [tolerateEverythingDaemonSet()])).toEqual({ status: 'success', rules: [] });
  expect(() => new WindowsValidationPlugin({ nodePools: [{ name: 'w', taints: [{ key: 'os', effect: 'Sometimes' as any }] }] }))
    .toThrow("node pool 'w': taints[0]: effect \"Sometimes\" of taint 'os' is not one of NoSchedule, PreferNoSchedule, NoExecute");
});

test('the pools synthesis recorded for an object judge it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-pools-'));
  try {
    const daemonSet = tolerateEverythingDaemonSet();
    const profile = TargetProfile.of({ nodePools: POOLS });
    fs.writeFileSync(path.join(dir, TARGET_RECORD_FILE), JSON.stringify({
      version: TARGET_RECORD_VERSION,
      objects: [{
        key: recordKey(daemonSet.apiVersion, daemonSet.kind, undefined, daemonSet.metadata.name),
        target: {
          kubernetesVersion: profile.kubernetesVersion.toString(),
          runtime: profile.runtime,
          isolation: profile.isolation,
          nodePools: profile.nodePools,
        },
        reported: [],
        suppressed: [],
      }],
    }));
    expect(await validate(new WindowsValidationPlugin(), [daemonSet], path.join(dir, 'app.k8s.yaml')))
      .toEqual({ status: 'failure', rules: ['non-windows-pod-on-windows-pool (error)'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
