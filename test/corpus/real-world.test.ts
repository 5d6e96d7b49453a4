// The real-world corpus: every case's findings are what its header expects (no false error, no
// missed error or warning), every upstream rejection of a Windows pod is an engine error, and
// every pod that asks for Windows without Windows placement is reported.
import * as jsyaml from 'js-yaml';
import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../../src';
import { check } from '../../src/cli/run';
import { upstreamValidationEnabled } from '../support/manifests';
import { realWorldCases } from '../support/real-world-corpus';
import { UpstreamRelease, UpstreamVerdict, validateUpstream } from '../support/upstream-validator';

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

/** Every case's objects validated at `release` in one run of the validator, as verdicts per case. */
function verdictsPerCase(release: UpstreamRelease): UpstreamVerdict[][] {
  const objects = CASES.map(c => (jsyaml.loadAll(c.text) as any[]).filter(o => o && typeof o === 'object'));
  const all = validateUpstream(objects.flat(), release);
  let next = 0;
  return objects.map(list => all.slice(next, next += list.length).map((verdict, index) => ({ ...verdict, index })));
}

maybe.each(['1.27', '1.37'] as const)('the upstream API server at %s', release => {
  const verdicts = verdictsPerCase(release);

  test('its verdicts are the ones recorded in the cases', () => {
    const mismatches = CASES.flatMap((c, i) => {
      const got = verdicts[i].map(v => v.status === 'invalid' ? 'invalid' : 'valid');
      return JSON.stringify(got) === JSON.stringify(c.upstream[release]) ? [] : [`${c.id}: recorded ${c.upstream[release]}, got ${got}`];
    });
    expect(mismatches).toEqual([]);
  });

  test('each field it rejects is an engine error at that field, with the engine targeting the same release', async () => {
    const profile = TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release), windowsServerVersion: WindowsServerVersion.WS2022 });
    const missed: string[] = [];
    let rejected = 0;
    for (const [i, c] of CASES.entries()) {
      const invalid = verdicts[i].filter(v => v.status === 'invalid');
      if (invalid.length === 0) continue;
      const report = await check([c.file], { profile });
      for (const verdict of invalid) {
        rejected++;
        const errorPaths = report.findings.filter(f => f.severity === Severity.ERROR && f.ordinal === verdict.index).map(f => f.path);
        for (const error of verdict.errors) {
          // The engine names the field; the API server sometimes names its parent (the pod spec, a list).
          const covered = errorPaths.some(p => p === error.field || p.startsWith(`${error.field}.`) || p.startsWith(`${error.field}[`));
          if (!covered) missed.push(`${c.id}: ${error.field}: ${error.detail}`);
        }
      }
    }
    expect(missed).toEqual([]);
    expect(rejected).toBeGreaterThan(5);
  });
});
