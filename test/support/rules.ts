// The helpers every rule test uses: one rule's findings from a rule list, and an exact
// assertion on them (path, severity, and the values the message names).
import { Finding, Severity, TargetProfile } from '../../src';
import { runRules } from '../../src/engine/run-rules';
import { Rule } from '../../src/rules/rule';

/** A finding a test expects: where, how severe, and the text(s) its message must contain. */
export interface ExpectedFinding {
  readonly path: string;
  readonly severity: Severity;
  readonly names: string | string[];
}

/** `findings(objects, rule, profile?)`: the findings of `rule` when `rules` run on `objects`. */
export function ruleFindings(rules: readonly Rule[], defaultProfile: TargetProfile) {
  return (objects: any[], rule: string, profile: TargetProfile = defaultProfile): Finding[] =>
    runRules(objects, profile, rules).filter(f => f.rule === rule);
}

/** Asserts exactly these findings of `rule`, in order: path, severity and values the message names. */
export function expectFindings(actual: Finding[], rule: string, expected: ExpectedFinding[]): void {
  expect(actual.map(f => ({ rule: f.rule, path: f.path, severity: f.severity })))
    .toEqual(expected.map(e => ({ rule, path: e.path, severity: e.severity })));
  actual.forEach((finding, i) => [expected[i].names].flat().forEach(name => expect(finding.message).toContain(name)));
}
