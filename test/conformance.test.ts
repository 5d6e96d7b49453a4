// Conformance: every rejection of a Windows pod by the upstream API server is also an error of
// the rule engine, at the same field. Rules the engine fires that the API server does not share
// (node-level and runtime facts) are printed as a report, not a failure.
import { Severity, TargetProfile, WindowsRules, WindowsServerVersion } from '../src';
import { serviceCorpus, windowsCorpus } from './support/corpus';
import { upstreamValidationEnabled } from './support/manifests';
import { validateUpstream } from './support/upstream-validator';

const PROFILE = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022 });

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

maybe('engine against the upstream API server', () => {
  const corpus = [...windowsCorpus(), ...serviceCorpus()];
  const verdicts = validateUpstream(corpus.map(c => c.object));
  const findings = corpus.map(c => WindowsRules.check([c.object], PROFILE));

  test('the corpus is Windows-targeted and large enough to mean something', () => {
    expect(corpus.length).toBeGreaterThan(150);
    expect(verdicts.filter(v => v.status === 'invalid').length).toBeGreaterThan(50);
    expect(verdicts.filter(v => v.status === 'skipped')).toEqual([]);
  });

  test('every API-server rejection is an engine error at the same field', () => {
    const missed: string[] = [];
    corpus.forEach((entry, i) => {
      const errorPaths = new Set(findings[i].filter(f => f.severity === Severity.ERROR).map(f => f.path));
      for (const error of verdicts[i].errors) {
        // The engine reports the field itself; the API server sometimes reports the parent list.
        const covered = [...errorPaths].some(p => p === error.field || p.startsWith(`${error.field}.`) || p.startsWith(`${error.field}[`));
        if (!covered) missed.push(`${entry.name}: ${error.message}`);
      }
    });
    expect(missed).toEqual([]);
  });

  test('report: engine findings the API server does not share', () => {
    const engineOnly = new Map<string, number>();
    corpus.forEach((_entry, i) => {
      const upstreamFields = verdicts[i].errors.map(e => e.field);
      for (const finding of findings[i]) {
        if (upstreamFields.some(f => finding.path === f || finding.path.startsWith(`${f}.`) || finding.path.startsWith(`${f}[`))) continue;
        const key = `${finding.rule} (${finding.severity})`;
        engineOnly.set(key, (engineOnly.get(key) ?? 0) + 1);
      }
    });
    const lines = [...engineOnly.entries()].sort().map(([rule, count]) => `  ${rule}: ${count} objects`);
    // eslint-disable-next-line no-console
    console.log(`conformance report: ${corpus.length} manifests, ${verdicts.filter(v => v.status === 'invalid').length} rejected upstream\n`
      + `rules the engine fires that the API server does not share:\n${lines.join('\n')}`);
    expect(engineOnly.size).toBeGreaterThan(0);
  });
});
