// The real-world corpus: every case's findings are what its header expects (no false error, no
// missed error or warning), every upstream rejection of a Windows pod is an engine error, and
// every pod that asks for Windows without Windows placement is reported.
import * as jsyaml from 'js-yaml';
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../src';
import { check } from '../../src/cli/run';
import { upstreamValidationEnabled } from '../support/manifests';
import { realWorldCases } from '../support/real-world-corpus';
import { validateUpstream } from '../support/upstream-validator';

const CASES = realWorldCases();
/** The target the expectations are written for (README.md in the corpus). */
const PROFILE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_27, windowsServerVersion: WindowsServerVersion.WS2022 });

test('the corpus is large and varied enough to mean something', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(150);
  expect(new Set(CASES.map(c => c.source.split(' ')[0])).size).toBeGreaterThanOrEqual(30);
  for (const c of CASES) {
    expect(c.source).toMatch(/^[\w.-]+\/[\w.-]+ \S+ @ /);
    expect(c.license).toBeDefined();
  }
});

describe.each(CASES.map(c => [c.id, c] as const))('%s', (_id, c) => {
  test('the checker reports what the case expects', async () => {
    const report = await check([c.file], { profile: PROFILE });
    expect(report.inputErrors).toEqual([]);
    const active = report.findings.filter(f => !f.suppressedReason);
    const rules = (severity: Severity) => [...new Set(active.filter(f => f.severity === severity).map(f => f.rule))].sort();
    expect({ errors: rules(Severity.ERROR), warnings: rules(Severity.WARNING) }).toEqual({ errors: c.errors, warnings: c.warnings });
  });
});

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

maybe('the upstream API server', () => {
  const objectsOf = (text: string) => (jsyaml.loadAll(text) as any[]).filter(o => o && typeof o === 'object');

  test.each(['1.27', '1.37'] as const)('its verdicts at %s are the ones recorded in the cases', release => {
    const mismatches: string[] = [];
    for (const c of CASES) {
      const verdicts = validateUpstream(objectsOf(c.text), release).map(v => v.status === 'invalid' ? 'invalid' : 'valid');
      if (JSON.stringify(verdicts) !== JSON.stringify(c.upstream[release])) mismatches.push(`${c.id}: recorded ${c.upstream[release]}, got ${verdicts}`);
    }
    expect(mismatches).toEqual([]);
  });
});
