// The README's plugin snippets pin the version users install: it must be the package's.
import * as fs from 'fs';
import * as path from 'path';
import { TARGET_RECORD_FILE } from '../../src/model/target-record';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

test('package.json carries the version of version.txt, which users pin', () => {
  expect(VERSION).toBe(fs.readFileSync(path.join(ROOT, 'version.txt'), 'utf8').trim());
  expect(VERSION).not.toBe('0.0.0');
});

test('every plugin snippet of the README names the package and its version', () => {
  const snippets = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]).filter(s => s.includes('WindowsValidationPlugin'));
  expect(snippets.map(s => /package: (\S+)/.exec(s)?.[1])).toEqual(['./node_modules/cdk8s-windows', 'cdk8s-windows']);
  for (const snippet of snippets) expect(snippet).toContain(`version: ${VERSION}\n`);
});

test('the Maven coordinates of the install section carry the version', () => {
  expect(README).toContain(`io.github.cdk8s-windows:cdk8s-windows:${VERSION}`);
});

test('the jsii end-of-life banner is silenced by the Node.js major version, as @jsii/check-node reads it', () => {
  // @jsii/check-node splits the variable on commas and compares each entry with the major version.
  const [, value] = /JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=(\S+?)`/.exec(README) ?? [];
  expect(value).toBe('20');
  const source = fs.readFileSync(require.resolve('@jsii/check-node'), 'utf8');
  expect(source).toContain('.split(\',\')');
  expect(source).toContain('silencedVersions.includes(nodeRelease.majorVersion.toString())');
});

test('the README says how to set the target once and the verbose switch, with what the code reads', () => {
  // cdk8s synth has no context flag: the switch goes on the App in code (test/check/chart-check.test.ts runs it).
  expect(README).toContain("app.node.setContext('cdk8s-windows:verbose', true)");
  expect(README).toMatch(/TargetProfile\.configure\(app, \{ kubernetesVersion: KubernetesVersion\.of\('1\.30'\)/);
  // The plugin reads the app's target (test/plugin/validation-plugin.test.ts): the README names the file.
  expect(README).toContain(TARGET_RECORD_FILE);
});
