import { KubernetesVersion, Severity, TargetProfile, WindowsServerVersion } from '../src';
import { realWorldCases } from './support/real-world-corpus';
import { check } from '../src/cli/run';
const PROFILE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_27, windowsServerVersion: WindowsServerVersion.WS2022 });
(async () => {
  let n = 0;
  for (const c of realWorldCases()) {
    const report = await check([c.file], { profile: PROFILE });
    const active = report.findings.filter(f => !f.suppressedReason);
    const rules = (s: Severity) => [...new Set(active.filter(f => f.severity === s).map(f => f.rule))].sort();
    const e = rules(Severity.ERROR), w = rules(Severity.WARNING);
    const d = (a: string[], b: string[]) => ({ missing: b.filter(x => !a.includes(x)), extra: a.filter(x => !b.includes(x)) });
    const de = d(e, c.errors), dw = d(w, c.warnings);
    if (de.missing.length || de.extra.length || dw.missing.length || dw.extra.length || report.inputErrors.length) {
      n++;
      console.log(`${c.id} [${c.intent}] E-missing=${de.missing} E-extra=${de.extra} W-missing=${dw.missing} W-extra=${dw.extra} ${report.inputErrors.map(i => i.message).join(';')}`);
    }
  }
  console.log('mismatches', n);
})();
