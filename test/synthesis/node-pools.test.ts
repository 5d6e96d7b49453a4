// The nodePools setting at synthesis: the constructs' own validation and checkChart judge pods
// by the pools of the chart's target, as they do with the other target settings.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { TargetProfile, WindowsCompliance, WindowsDeployment, WindowsNodePool, WindowsServerVersion } from '../../src';
import { TARGET_RECORD_FILE } from '../../src/model/target-record';
import { recordForPlugin } from '../../src/synthesis/plugin-record';
import { synthError, synthValid } from '../support/manifests';

const LTSC2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const TAINTED_2019_AND_LINUX = [WindowsNodePool.linux('linux'), WindowsNodePool.windows('win19', WindowsServerVersion.WS2019, { windowsTaint: true })];

test('a WindowsDeployment no pool of the target accepts fails synthesis, naming each pool and why', () => {
  const chart = Testing.chart();
  TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022, nodePools: TAINTED_2019_AND_LINUX });
  new WindowsDeployment(chart, 'web', { containers: [{ image: LTSC2022 }] });
  const error = synthError(chart);
  expect(error).toContain('no-node-pool-accepts');
  expect(error).toContain("pool 'linux': its placement does not match: nodeSelector kubernetes.io/os: windows (the pool has kubernetes.io/os=linux)");
  expect(error).toContain("pool 'win19': its placement does not match: nodeSelector node.kubernetes.io/windows-build: 10.0.20348 (the pool has node.kubernetes.io/windows-build=10.0.17763)");
});

test("a construct's own nodePools win over the chart's", () => {
  const chart = Testing.chart();
  TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022, nodePools: TAINTED_2019_AND_LINUX });
  new WindowsDeployment(chart, 'web', { containers: [{ image: LTSC2022 }], nodePools: [WindowsNodePool.windows('win22', WindowsServerVersion.WS2022, { windowsTaint: true })] });
  expect(synthValid(chart)).toHaveLength(1);
});

test('the same WindowsDeployment passes when a pool takes it, and without pools', () => {
  const withPools = Testing.chart();
  TargetProfile.configure(withPools, { windowsServerVersion: WindowsServerVersion.WS2022, nodePools: [...TAINTED_2019_AND_LINUX, WindowsNodePool.windows('win22', WindowsServerVersion.WS2022, { windowsTaint: true })] });
  new WindowsDeployment(withPools, 'web', { containers: [{ image: LTSC2022 }] });
  expect(synthValid(withPools)).toHaveLength(1);
  const without = Testing.chart();
  TargetProfile.configure(without, { windowsServerVersion: WindowsServerVersion.WS2022 });
  new WindowsDeployment(without, 'web', { containers: [{ image: LTSC2022 }] });
  expect(synthValid(without)).toHaveLength(1);
});

test('checkChart: a plain Linux Deployment without an OS selector fails on a cluster with untainted Windows pools, passes with a Linux selector', () => {
  const pools = [WindowsNodePool.linux('linux'), WindowsNodePool.windows('akswin22', WindowsServerVersion.WS2022, { osSku: 'Windows2022' })];
  const chart = Testing.chart();
  TargetProfile.configure(chart, { nodePools: pools });
  WindowsCompliance.checkChart(chart);
  new kplus.Deployment(chart, 'nginx', { containers: [{ image: 'nginx:1.27' }] });
  expect(synthError(chart)).toMatch(/non-windows-pod-on-windows-pool[\s\S]*'akswin22' \(not tainted\)/);

  const selected = Testing.chart();
  TargetProfile.configure(selected, { nodePools: pools });
  WindowsCompliance.checkChart(selected);
  const nginx = new kplus.Deployment(selected, 'nginx', { containers: [{ image: 'nginx:1.27' }] });
  ApiObject.of(nginx).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'linux' }));
  expect(() => Testing.synth(selected)).not.toThrow();
});

test("the record for the validation plugin carries the target's pools", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-pools-'));
  try {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'nginx', { containers: [{ image: 'nginx:1.27' }] });
    recordForPlugin(dir, ApiObject.of(deployment), TargetProfile.of({ nodePools: TAINTED_2019_AND_LINUX }), []);
    const record = JSON.parse(fs.readFileSync(path.join(dir, TARGET_RECORD_FILE), 'utf8'));
    expect(record.objects[0].target.nodePools).toEqual(TAINTED_2019_AND_LINUX);
    recordForPlugin(dir, ApiObject.of(deployment), TargetProfile.of(), []);
    expect(JSON.parse(fs.readFileSync(path.join(dir, TARGET_RECORD_FILE), 'utf8')).objects[0].target.nodePools).toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
