/** What a check run produced, as the output formats see it. */
import { isBlocking } from '../engine/findings';
import { Finding, ObjectReference, Severity } from '../model/finding';
import { TargetProfile } from '../model/profile';

/** Where in the input something is. */
export interface InputLocation {
  /** Display name of the source: the path as given, or `<stdin>`. */
  readonly file: string;
  /** 1-based line (undefined for an object read from a cluster). */
  readonly line?: number;
  /** 0-based index of the document in its source (undefined for an object read from a cluster). */
  readonly documentIndex?: number;
  /** 0-based position of the object in the whole input (objects of a List document have their own). */
  readonly ordinal: number;
}

/** A finding with its place in the input. */
export interface LocatedFinding extends Finding, InputLocation {}

/** An object the checker looked at (kept only for formats that list objects, i.e. JUnit). */
export interface CheckedObject extends InputLocation {
  readonly object: ObjectReference;
  /** Why it was skipped, when it was. */
  readonly skipped?: string;
}

/** A source, document or object that could not be read or parsed. */
export interface InputError {
  readonly file: string;
  readonly documentIndex?: number;
  readonly line?: number;
  readonly message: string;
}

/** Counts for the summary line. */
export interface Summary {
  /** Objects checked (with or without rules that apply to them). */
  readonly objects: number;
  /** Sources read (files and stdin). */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly suppressed: number;
  /** Objects of kinds from API groups the API server does not serve itself (CRDs): not checked. */
  readonly skippedUnknownKinds: number;
  /** Mappings without apiVersion and kind (Helm values, Chart.yaml, ...): not checked. */
  readonly skippedNotKubernetes: number;
  readonly inputErrors: number;
  /** Input that kubectl accepts but should be fixed (a repeated key): reported, not failing. */
  readonly inputWarnings: number;
  /** Findings that fail the run (errors, and warnings in strict mode; not suppressed). */
  readonly blocking: number;
}

/** The cluster a `--cluster` run read, as reports name it. */
export interface ClusterSource {
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  /** The namespace the run was narrowed to (`--namespace`). */
  readonly namespace?: string;
}

/** Everything a check run produced. */
export interface CheckReport {
  /** Set when the objects were read from a cluster (`--cluster`): findings have no file or line. */
  readonly cluster?: ClusterSource;
  readonly findings: LocatedFinding[];
  readonly inputErrors: InputError[];
  /** Input that kubectl accepts but should be fixed (a repeated key); the check is complete. */
  readonly inputWarnings: InputError[];
  /** Every object looked at, in input order, when the format asked for them. */
  readonly objects?: CheckedObject[];
  readonly summary: Summary;
  readonly profile: TargetProfile;
  readonly strict: boolean;
  /** The tool's version. */
  readonly version: string;
  /** Directory relative paths are resolved against (SARIF URIs). */
  readonly cwd: string;
}

/** Counts the findings of a report. */
export function countFindings(findings: readonly Finding[], strict: boolean) {
  let errors = 0, warnings = 0, info = 0, suppressed = 0, blocking = 0;
  for (const finding of findings) {
    if (finding.suppressedReason) suppressed++;
    else if (finding.severity === Severity.ERROR) errors++;
    else if (finding.severity === Severity.WARNING) warnings++;
    else info++;
    if (isBlocking(finding, strict)) blocking++;
  }
  return { errors, warnings, info, suppressed, blocking };
}

/** `1 error`, `2 errors`. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** The first line of a text report: the tool and the target it checked for. */
export function headerLine(report: CheckReport): string {
  const source = report.cluster ? `, ${describeCluster(report.cluster)}` : '';
  return `cdk8s-windows ${report.version}: target ${report.profile.describe()}${report.strict ? ', strict' : ''}${source}`;
}

/** `cluster "kind" (https://127.0.0.1:6443), context "kind-kind", namespace shop` */
export function describeCluster(cluster: ClusterSource): string {
  return `cluster "${cluster.cluster}" (${cluster.server}), context "${cluster.context}"${cluster.namespace ? `, namespace ${cluster.namespace}` : ''}`;
}

/** The summary line: `checked 12 objects in 3 files: 2 errors, 1 warning, ...` (`in cluster "x"` for `--cluster`). */
export function summaryLine(summary: Summary, cluster?: ClusterSource): string {
  const parts = [
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    `${summary.info} info`,
    `${summary.suppressed} suppressed`,
    `${summary.skippedUnknownKinds} skipped (unknown kinds)`,
  ];
  if (summary.skippedNotKubernetes > 0) parts.push(`${summary.skippedNotKubernetes} skipped (not Kubernetes objects)`);
  if (summary.inputErrors > 0) parts.push(plural(summary.inputErrors, 'input error'));
  if (summary.inputWarnings > 0) parts.push(plural(summary.inputWarnings, 'input warning'));
  const source = cluster ? `cluster "${cluster.cluster}"${cluster.namespace ? ` (namespace ${cluster.namespace})` : ''}` : plural(summary.files, 'file');
  return `checked ${plural(summary.objects, 'object')} in ${source}: ${parts.join(', ')}`;
}

/** `<stdin>: document 2 (line 14): malformed YAML: ...` */
export function describeInputError(error: InputError): string {
  const where = [
    error.documentIndex !== undefined ? `document ${error.documentIndex + 1}` : undefined,
    error.line !== undefined ? `line ${error.line}` : undefined,
  ].filter(Boolean);
  const place = where.length === 0 ? '' : where.length === 2 ? `: ${where[0]} (${where[1]})` : `: ${where[0]}`;
  return `${error.file}${place}: ${error.message}`;
}
