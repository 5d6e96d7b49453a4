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

/** One example of a rule: objects checked together, on a target. */
export interface RuleExample {
  /** What the example shows (the test's name). */
  readonly name: string;
  readonly objects: readonly any[];
  /** The target. @default the topic's profile */
  readonly profile?: TargetProfile;
}

/** An example that violates the rule: exactly these findings of it, in order. */
export interface ViolatingExample extends RuleExample {
  readonly findings: readonly ExpectedFinding[];
}

/** A rule's examples: manifests that violate it, with the findings, and manifests that pass it. */
export interface RuleExamples {
  readonly rule: string;
  readonly violating: readonly ViolatingExample[];
  readonly passing: readonly RuleExample[];
}

/**
 * Runs every example as a test under `describe('<rule>')`: a violating example gives exactly its
 * findings of the rule (path, severity, the values the message names), a passing one none.
 * test/rules/catalog.test.ts fails for a rule of the catalog without both.
 */
export function testExamples(examples: readonly RuleExamples[], rules: readonly Rule[], profile: TargetProfile): void {
  const findings = ruleFindings(rules, profile);
  for (const { rule, violating, passing } of examples) {
    describe(rule, () => {
      test.each(violating.map(example => [example.name, example] as const))('violating: %s', (_name, example) => {
        expectFindings(findings([...example.objects], rule, example.profile), rule, [...example.findings]);
      });
      test.each(passing.map(example => [example.name, example] as const))('passing: %s', (_name, example) => {
        expect(findings([...example.objects], rule, example.profile)).toEqual([]);
      });
    });
  }
}
