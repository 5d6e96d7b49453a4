// Conformance: every rejection of a Windows pod by the upstream API server is also an engine
// error at the same field, at both releases the project validates against (1.27, what
// cdk8s-plus-27 emits for, and 1.37), with the engine targeting the same release. Rules the
// engine fires that the API server does not share (node-level and runtime facts) are printed as
// a report, not a failure, and so are the manifests the two releases judge differently.
import { KubernetesVersion, Severity, TargetProfile, WindowsRules, WindowsServerVersion } from '../../src';
import { serviceCorpus, windowsCorpus } from '../support/corpus';
import { upstreamValidationEnabled } from '../support/manifests';
import { UpstreamRelease, validateUpstream } from '../support/upstream-validator';

const RELEASES: readonly UpstreamRelease[] = ['1.27', '1.37'];
const profileFor = (release: UpstreamRelease) =>
  TargetProfile.of({ kubernetesVersion: KubernetesVersion.of(release), windowsServerVersion: WindowsServerVersion.WS2022 });

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

maybe.each(RELEASES)('engine against the upstream API server %s', release => {
  const corpus = [...windowsCorpus(), ...serviceCorpus()];
  const verdicts = validateUpstream(corpus.map(c => c.object), release);
  const findings = corpus.map(c => WindowsRules.check([c.object], profileFor(release)));

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

maybe('the two releases', () => {
  test('report: manifests of the corpus that 1.27 and 1.37 judge differently', () => {
    const corpus = [...windowsCorpus(), ...serviceCorpus()];
    const [old, current] = RELEASES.map(release => validateUpstream(corpus.map(c => c.object), release));
    const differences = corpus.flatMap((entry, i) => old[i].status === current[i].status ? [] : [
      `  ${entry.name}: 1.27 ${old[i].status}${old[i].errors.length ? ` (${old[i].errors.map(e => e.field).join(', ')})` : ''}, `
        + `1.37 ${current[i].status}${current[i].errors.length ? ` (${current[i].errors.map(e => e.message).join('; ')})` : ''}`,
    ]);
    // eslint-disable-next-line no-console
    console.log(`conformance: ${differences.length} of ${corpus.length} manifests judged differently by 1.27 and 1.37\n${differences.join('\n')}`);
    // Known answers (test/apiserver/README.md): 1.37 rejects hostUsers and pod-level resources, and
    // validates StatefulSet pod templates; 1.27 did neither, and dropped or did not know the fields.
    expect(differences.some(line => line.startsWith('  hostUsers false (Deployment): 1.27 valid, 1.37 invalid'))).toBe(true);
    expect(differences.some(line => line.startsWith('  container privileged false (StatefulSet): 1.27 valid, 1.37 invalid'))).toBe(true);
    expect(differences.some(line => line.startsWith('  stopSignal SIGINT (Deployment): 1.27 invalid'))).toBe(true);
  });
});
