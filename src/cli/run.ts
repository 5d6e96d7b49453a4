/**
 * `cdk8s-windows check`: reads the inputs document by document, decides per object which rules
 * apply (../engine/check-plan.ts), runs the engine, locates findings, and prints a report.
 *
 * Memory stays bounded on large inputs: documents are parsed and checked in small batches (at
 * most 32 documents or 256 Ki characters) and then dropped, and the text report is written in
 * pieces. What is kept: findings (strings copied out of the input), a small skeleton of each
 * workload (./workload-index.ts), objects of the kinds rules look up (`isContextObject`: claims,
 * PersistentVolumes, RuntimeClasses, HorizontalPodAutoscalers, Namespaces, ServiceAccounts, RBAC,
 * GMSACredentialSpecs), and the objects checked at the end with their documents' text: Services
 * (checked against the workloads they select, wherever those appear in the input) and workloads
 * that name a claim, RuntimeClass or gMSA credential spec (what they name may come later in the
 * input). A Windows workload that sets a namespace is checked at once by every rule but the Pod
 * Security ones, which judge it at the end, when every Namespace has been read, and only when its
 * namespace has labels (`AwaitingLabels`). Skeletons and deferred objects live in a `TextArena`
 * (./arena.ts): off the JavaScript heap, and in a temporary file past a few MiB.
 *
 * Exit status: 2 for usage errors and for input that could not be read or parsed (the rest is
 * still checked and printed, and 2 wins over 1 because the check is incomplete), 1 for a blocking
 * finding, 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { TextArena } from './arena';
import { parseArguments, USAGE } from './args';
import { CLUSTER_RESOURCES, ClusterReader, ForbiddenError, NODE_RESOURCE, readClusterNodePools } from './cluster';
import { formatJson } from './formats/json';
import { formatJunit } from './formats/junit';
import { formatSarif } from './formats/sarif';
import { textLines } from './formats/text';
import { DocumentSink, expandPaths, InputFile, InputProblem, readFile, readStream, SourceDocument } from './input';
import { ClusterError, KubeconfigOptions, loadConnection } from './kubeconfig';
import { DocumentLocator, firstContentLine } from './locate';
import { readNodePools } from './nodes';
import { describeValue, parseYaml, ParseResult } from './parse';
import { policiesYaml } from './policies';
import { CheckedObject, CheckReport, ClusterSource, countFindings, describeInputError, InputError, LocatedFinding } from './report';
import { WorkloadIndex } from './workload-index';
import {
  checkObject, CheckPlan, classify, isContextObject, isList, namespaceOf, ObjectCategory, PlanSources, planFor,
  readsNamespaceLabels, referencesOtherObjects, splitByNamespaceLabels,
} from '../engine/check-plan';
import { referenceOf } from '../engine/run-rules';
import { ignoredSuppressions, IgnoredSuppression } from '../engine/suppressions';
import { describeObject, Finding, ObjectReference, UNNAMED } from '../model/finding';
import { isObject, JsonObject, WORKLOAD_KINDS } from '../model/manifest';
import { TargetProfile } from '../model/profile';

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_INPUT = 2;

/** Where `run` reads and writes. */
export interface RunIO {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Directory paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /** Environment (`KUBECONFIG`, `HOME`) for `--cluster`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Options of a check run. */
export interface CheckOptions {
  readonly profile: TargetProfile;
  readonly strict?: boolean;
  readonly assumeWindows?: boolean;
  /** Keep a record of every object (the JUnit format lists them). */
  readonly collectObjects?: boolean;
  /** Directory paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /** Standard input, read for the path `-`. */
  readonly stdin?: Readable;
  /** Called with each input error as it is found (the CLI prints them to stderr at once). */
  readonly onInputError?: (error: InputError) => void;
  /** Called with each input warning (a repeated key) as it is found. */
  readonly onInputWarning?: (warning: InputError) => void;
}

/** The tool's version, from package.json. */
export function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Runs the command line `argv` (without node and script); resolves to the exit status. Never rejects. */
export async function run(argv: readonly string[], io: RunIO): Promise<number> {
  const parsed = parseArguments(argv);
  switch (parsed.command) {
    case 'help':
      await write(io.stdout, USAGE);
      return EXIT_OK;
    case 'version':
      await write(io.stdout, `${toolVersion()}\n`);
      return EXIT_OK;
    case 'error':
      await write(io.stderr, `cdk8s-windows: ${parsed.message}\nRun 'cdk8s-windows --help' for usage.\n`);
      return EXIT_USAGE_OR_INPUT;
    case 'policies':
      try {
        await write(io.stdout, policiesYaml(parsed.profile, { rules: parsed.rules, failurePolicy: parsed.failurePolicy }));
        return EXIT_OK;
      } catch (error) {
        await write(io.stderr, `cdk8s-windows policies: ${(error as Error).message}\n`);
        return EXIT_USAGE_OR_INPUT;
      }
  }
  const paths = parsed.paths.length === 0 ? ['-'] : parsed.paths;
  if (!parsed.cluster && paths.includes('-') && io.stdin.isTTY) {
    await write(io.stderr, "cdk8s-windows: no input: give files or directories, or pipe manifests to standard input ('-').\n"
      + "Run 'cdk8s-windows --help' for usage.\n");
    return EXIT_USAGE_OR_INPUT;
  }
  let profile = parsed.profile;
  if (parsed.nodes !== undefined) {
    try {
      profile = profile.withNodePools(readNodePools(parsed.nodes, io.cwd ?? process.cwd()));
    } catch (error) {
      await write(io.stderr, `cdk8s-windows: --nodes: ${(error as Error).message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
  }
  try {
    const options: CheckOptions = {
      profile,
      strict: parsed.strict,
      assumeWindows: parsed.assumeWindows,
      collectObjects: parsed.format === 'junit',
      cwd: io.cwd,
      stdin: io.stdin,
      onInputError: error => io.stderr.write(`cdk8s-windows: ${describeInputError(error)}\n`),
      onInputWarning: warning => io.stderr.write(`cdk8s-windows: warning: ${describeInputError(warning)}\n`),
    };
    let report: CheckReport;
    if (parsed.cluster) {
      try {
        report = await checkCluster({ ...parsed.cluster, env: io.env, cwd: io.cwd }, options);
      } catch (error) {
        if (!(error instanceof ClusterError)) throw error;
        // Nothing could be read: one line, no report.
        await write(io.stderr, `cdk8s-windows: --cluster: ${error.message}\n`);
        return EXIT_USAGE_OR_INPUT;
      }
    } else {
      report = await check(paths, options);
    }
    if (parsed.format === 'text') {
      // Written in pieces: a report of thousands of findings is never one string in memory.
      await writeInPieces(io.stdout, textLines(report));
    } else {
      await write(io.stdout, parsed.format === 'json' ? formatJson(report)
        : parsed.format === 'sarif' ? formatSarif(report)
          : formatJunit(report));
    }
    return exitStatus(report);
  } catch (error) {
    // A bug, not bad input: say so in one line; no stack trace unless asked for.
    const detail = process.env.CDK8S_WINDOWS_DEBUG ? `\n${(error as Error)?.stack}` : '';
    await write(io.stderr, `cdk8s-windows: internal error: ${(error as Error)?.message ?? String(error)}${detail}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
}

/** The exit status a report calls for: input errors (2) win over blocking findings (1). */
export function exitStatus(report: CheckReport): number {
  if (report.summary.inputErrors > 0) return EXIT_USAGE_OR_INPUT;
  return report.summary.blocking > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Checks `paths` (files, directories, `-`); never throws for bad input. */
export async function check(paths: readonly string[], options: CheckOptions): Promise<CheckReport> {
  const cwd = options.cwd ?? process.cwd();
  const checker = new Checker(options);
  const files = await expandPaths(paths, cwd, problem => checker.problem(problem));
  try {
    for (const file of files) {
      checker.files++;
      const before = checker.received;
      if (file.path === '-') {
        await readStream(options.stdin ?? process.stdin, file.displayName, checker);
      } else {
        await readFile(path.resolve(cwd, file.path), file.displayName, checker);
      }
      if (checker.received === before) checker.empty(file);
    }
    return checker.finish(cwd);
  } finally {
    checker.close();
  }
}

/** What `checkCluster` reads. */
export interface ClusterCheckOptions extends KubeconfigOptions {
  /** Only this namespace's objects (cluster-scoped kinds are still read: rules look at them). */
  readonly namespace?: string;
}

/**
 * Checks the objects of a running cluster (`--cluster`): every list of `CLUSTER_RESOURCES`, page
 * by page, each object checked as it comes. A list the user may not read is an input error (for a
 * kind that is checked) or an input warning (for a kind rules only look at), and the rest is still
 * checked. Throws `ClusterError` when nothing can be read (kubeconfig, connection, credentials).
 */
export async function checkCluster(cluster: ClusterCheckOptions, options: CheckOptions): Promise<CheckReport> {
  const connection = loadConnection({ ...cluster, cwd: cluster.cwd ?? options.cwd });
  const reader = new ClusterReader(connection);
  // The Nodes first: their pools are part of the target every object is checked for.
  const forbidden: { checked: ForbiddenError[]; context: ForbiddenError[] } = { checked: [], context: [] };
  let nodes: JsonObject[] = [];
  let poolProblem: string | undefined;
  let profile = options.profile;
  try {
    const read = await readClusterNodePools(reader);
    nodes = read.nodes;
    if (read.pools.length > 0) profile = profile.withNodePools(read.pools);
  } catch (error) {
    if (error instanceof ForbiddenError) {
      forbidden.context.push(error);
    } else if (error instanceof ClusterError) {
      reader.close();
      throw error;
    } else {
      poolProblem = (error as Error).message;
    }
  }
  const checker = new Checker({ ...options, profile }, true);
  const source: ClusterSource = {
    context: connection.context,
    cluster: connection.cluster,
    server: connection.server,
    ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
  };
  const label = `cluster "${connection.cluster}"`;
  if (poolProblem !== undefined) checker.clusterWarning(label, `the Nodes do not make node pools (${poolProblem}): the scheduling rules did not run`);
  try {
    for (const object of nodes) checker.clusterObject(object, label);
    for (const resource of CLUSTER_RESOURCES) {
      if (resource === NODE_RESOURCE) continue;
      try {
        for await (const page of reader.list(resource, cluster.namespace)) {
          for (const object of page) {
            // With --namespace, the Namespace objects of other namespaces are not part of the check.
            if (cluster.namespace && resource.kind === 'Namespace' && object.metadata?.name !== cluster.namespace) continue;
            checker.clusterObject(object, label);
          }
        }
      } catch (error) {
        if (!(error instanceof ForbiddenError)) throw error;
        const checked = WORKLOAD_KINDS.includes(resource.kind) || resource.kind === 'Service';
        (checked ? forbidden.checked : forbidden.context).push(error);
      }
    }
  } finally {
    reader.close();
  }
  const where = `${reader.where}${cluster.namespace ? `, namespace ${cluster.namespace}` : ''}`;
  if (forbidden.checked.length > 0) {
    checker.clusterProblem(label, `${where}: forbidden to list ${forbidden.checked.map(e => e.resource).join(', ')} (${forbidden.checked[0].reason}): `
      + 'they were not checked; give the user get and list on them (docs/CLI.md, "--cluster")');
  }
  if (forbidden.context.length > 0) {
    // In the order of CLUSTER_RESOURCES (the Nodes were read first).
    const order = (e: ForbiddenError) => CLUSTER_RESOURCES.findIndex(r => r.resource === e.resource);
    forbidden.context.sort((x, y) => order(x) - order(y));
    checker.clusterWarning(label, `${where}: forbidden to list ${forbidden.context.map(e => e.resource).join(', ')} (${forbidden.context[0].reason}): `
      + 'rules that look at them did not see them; give the user get and list on them (docs/CLI.md, "--cluster")');
  }
  try {
    return checker.finish(options.cwd ?? process.cwd(), source);
  } finally {
    checker.close();
  }
}

/** Most documents checked as one batch (see `Checker.document`). */
const BATCH_DOCUMENTS = 32;
/** Most characters of the documents of one batch. */
const BATCH_CHARS = 256 * 1024;

/** A document kept until the end because it holds objects checked then; its text is in the arena. */
interface StoredDocument {
  readonly source: string;
  readonly index: number;
  readonly startLine: number;
  readonly textId: number;
}

/** An object checked at the end of the input: a Service, or a workload that names other objects. */
interface DeferredObject {
  /** Id of the object as JSON in the arena (parsing JSON again is several times faster than YAML). */
  readonly jsonId: number;
  /** Its document, for locating findings. */
  readonly document: StoredDocument;
  /** Index in the document's `items` when it came in a List. */
  readonly item?: number;
  readonly ordinal: number;
}

/** In `AwaitingLabels`: the workload is parsed again from its document's text. */
const FROM_DOCUMENT = -1;

/**
 * Workloads waiting for their namespace's Pod Security labels (see `readsNamespaceLabels`): one
 * entry per Windows workload that sets a namespace, so kept in parallel arrays of small integers
 * (the object itself is in its document's text, or in the arena) rather than one JavaScript object each.
 */
class AwaitingLabels {
  private readonly namespaces: string[] = [];
  private readonly namespaceIds = new Map<string, number>();
  private readonly namespace: number[] = [];
  private readonly jsonId: number[] = [];
  private readonly document: StoredDocument[] = [];
  /** -1: not in a List. */
  private readonly item: number[] = [];
  private readonly ordinal: number[] = [];

  public add(namespace: string, jsonId: number, document: StoredDocument, item: number | undefined, ordinal: number): void {
    let id = this.namespaceIds.get(namespace);
    if (id === undefined) {
      id = this.namespaces.push(namespace) - 1;
      this.namespaceIds.set(namespace, id);
    }
    this.namespace.push(id);
    this.jsonId.push(jsonId);
    this.document.push(document);
    this.item.push(item ?? -1);
    this.ordinal.push(ordinal);
  }

  /** Calls `visit` for each workload whose namespace `labelled` holds, in input order; then forgets them all. */
  public forEach(labelled: (namespace: string) => boolean,
    visit: (jsonId: number, document: StoredDocument, item: number | undefined, ordinal: number) => void): void {
    const wanted = this.namespaces.map(labelled);
    for (let i = 0; i < this.jsonId.length; i++) {
      if (wanted[this.namespace[i]]) visit(this.jsonId[i], this.document[i], this.item[i] < 0 ? undefined : this.item[i], this.ordinal[i]);
    }
    for (const list of [this.namespace, this.jsonId, this.document, this.item, this.ordinal]) list.length = 0;
  }
}

/**
 * Whether Pod Security rules may find anything in a namespace: it has a Namespace object in the
 * input, or the target gives labels for it (or for every namespace). Elsewhere the namespace is
 * privileged and the rules would find nothing, so its workloads are not read again.
 */
function namespacesWithLabels(context: readonly JsonObject[], profile: TargetProfile): (namespace: string) => boolean {
  if (profile.podSecurity.some(entry => entry.namespace === undefined)) return () => true;
  const names = new Set<string>(profile.podSecurity.map(entry => entry.namespace!));
  for (const object of context) {
    if (object.kind === 'Namespace' && typeof object.metadata?.name === 'string') names.add(object.metadata.name);
  }
  return namespace => names.has(namespace);
}

/** Checks documents as they come (a DocumentSink), keeping what the end of the run needs. */
class Checker implements DocumentSink {
  public files = 0;
  /** Documents and problems received so far: a source that adds none was empty. */
  public received = 0;
  private readonly findings: LocatedFinding[] = [];
  private readonly inputErrors: InputError[] = [];
  private readonly inputWarnings: InputError[] = [];
  private readonly objects: CheckedObject[] | undefined;
  private readonly deferred: DeferredObject[] = [];
  private readonly awaitingLabels = new AwaitingLabels();
  private readonly shared = new SharedTexts();
  /** Everything kept to the end as text (deferred objects, their documents, workload skeletons). */
  private readonly arena = new TextArena();
  private readonly index = new WorkloadIndex(this.arena);
  private readonly context: JsonObject[] = [];
  /** What rules looking across objects see: skeletons of the workloads read, and the context objects. */
  private readonly sources: PlanSources = { selectedBy: service => this.index.selectedBy(service), contextObjects: this.context };
  private readonly queue: SourceDocument[] = [];
  private queuedChars = 0;
  private ordinal = 0;
  private checkedObjects = 0;
  private skippedUnknownKinds = 0;
  private skippedNotKubernetes = 0;

  /**
   * @param fromCluster objects come from a cluster (`clusterObject`): no file, document or line;
   * findings and warnings name the object
   */
  constructor(private readonly options: CheckOptions, private readonly fromCluster = false) {
    this.objects = options.collectObjects ? [] : undefined;
  }

  /**
   * An object read from a cluster: checked like one of a document, without lines (there is no
   * text to point into). `source` names the cluster in the report.
   */
  public clusterObject(object: JsonObject, source: string): void {
    this.received++;
    const ordinal = this.ordinal++;
    const document: SourceDocument = { source, index: ordinal, startLine: 0, text: '' };
    let stored: StoredDocument | undefined;
    const store = () => stored ??= { source, index: ordinal, startLine: 0, textId: this.arena.add('') };
    const findings = this.object(object, document, ordinal, store);
    if (findings.length > 0) this.locate(findings, undefined, '', document, ordinal);
    for (const problem of this.ignoredSuppressions(object)) {
      this.warn({ file: describeObject(referenceOf(object)), message: problem.message });
    }
  }

  /** An input error of a cluster read (a list that could not be read). */
  public clusterProblem(source: string, message: string): void {
    this.record({ source, message });
  }

  /** An input warning of a cluster read. */
  public clusterWarning(source: string, message: string): void {
    this.warn({ file: source, message });
  }

  /** A problem of the input itself (unreadable, not UTF-8, ...), after the documents read before it. */
  public problem(problem: InputProblem): void {
    this.received++;
    this.checkQueued();
    this.record(problem);
  }

  /**
   * A source with nothing but blank lines and comments. Standard input or a file named on the
   * command line is an input error: most often the command that should have written it failed
   * (`helm template ... | cdk8s-windows check -`), and "checked 0 objects" would pass. A file
   * found in a directory is a warning.
   */
  public empty(file: InputFile): void {
    const what = file.path === '-' ? 'standard input is empty' : 'the file is empty';
    const message = `${what} (no YAML or JSON documents): nothing was checked; did the command that writes it fail?`;
    if (file.inDirectory) {
      this.warn({ file: file.displayName, message: `${what} (no YAML or JSON documents): nothing to check` });
    } else {
      this.record({ source: file.displayName, message });
    }
  }

  /**
   * Documents are checked in small batches: the batch is parsed, then its objects are checked.
   * Running the parser over several documents in a row, then the rules, keeps each one's code
   * hot; on 10,000 documents it measured between 1% slower and 5% faster than alternating for
   * each document, within this machine's noise. A batch is bounded in documents and characters.
   */
  public document(document: SourceDocument): void {
    this.received++;
    this.queue.push(document);
    this.queuedChars += document.text.length;
    if (this.queue.length >= BATCH_DOCUMENTS || this.queuedChars >= BATCH_CHARS) this.checkQueued();
  }

  private checkQueued(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    this.queuedChars = 0;
    const parsed = batch.map(document => parseYaml(document.text));
    for (let i = 0; i < batch.length; i++) this.checkDocument(batch[i], parsed[i]);
  }

  private record(problem: InputProblem): void {
    const error: InputError = { file: problem.source, documentIndex: problem.documentIndex, line: problem.line, message: problem.message };
    this.inputErrors.push(error);
    this.options.onInputError?.(error);
  }

  private checkDocument(document: SourceDocument, parsed: ParseResult): void {
    if (!parsed.ok) {
      this.record({
        source: document.source,
        documentIndex: document.index,
        line: document.startLine + (parsed.line ?? firstContentLine(document.text)),
        message: parsed.message,
      });
      return;
    }
    const value = parsed.value;
    if (parsed.warning) {
      const warning: InputError = {
        file: document.source,
        documentIndex: document.index,
        line: document.startLine + (parsed.warning.line ?? firstContentLine(document.text)),
        message: parsed.warning.message,
      };
      this.warn(warning);
    }
    if (value === null || value === undefined) return; // `--- null`, `~`: an empty document
    if (!isObject(value)) {
      this.record({
        source: document.source,
        documentIndex: document.index,
        line: document.startLine + firstContentLine(document.text),
        message: `not a Kubernetes object: the document is ${describeValue(value)}; skipped`,
      });
      return;
    }
    const located: Array<{ findings: Finding[]; prefix: string; ordinal: number }> = [];
    const ignored: Array<{ problems: IgnoredSuppression[]; prefix: string }> = [];
    let stored: StoredDocument | undefined;
    const store = () => stored ??= {
      source: document.source, index: document.index, startLine: document.startLine, textId: this.arena.add(document.text),
    };
    if (isList(value)) {
      value.items.forEach((item: unknown, i: number) => {
        const ordinal = this.ordinal++;
        if (!isObject(item)) {
          this.record({
            source: document.source,
            documentIndex: document.index,
            line: document.startLine + firstContentLine(document.text),
            message: `items[${i}] of the ${value.kind} is ${describeValue(item)}, not a Kubernetes object; skipped`,
          });
          return;
        }
        const findings = this.object(item, document, ordinal, store, i);
        if (findings.length > 0) located.push({ findings, prefix: `items[${i}]`, ordinal });
        const problems = this.ignoredSuppressions(item);
        if (problems.length > 0) ignored.push({ problems, prefix: `items[${i}].` });
      });
    } else {
      const ordinal = this.ordinal++;
      const findings = this.object(value, document, ordinal, store);
      if (findings.length > 0) located.push({ findings, prefix: '', ordinal });
      const problems = this.ignoredSuppressions(value);
      if (problems.length > 0) ignored.push({ problems, prefix: '' });
    }
    if (located.length > 0 || ignored.length > 0) {
      const locator = new DocumentLocator(document.text, document.startLine);
      for (const { findings, prefix, ordinal } of located) this.locate(findings, locator, prefix, document, ordinal);
      for (const { problems, prefix } of ignored) {
        for (const problem of problems) {
          this.warn({
            file: document.source,
            documentIndex: document.index,
            line: locator.lineOf(`${prefix}${problem.path}[${JSON.stringify(problem.annotation)}]`),
            message: problem.message,
          });
        }
      }
    }
  }

  /** The suppression annotations of a checked object that suppress nothing (see `ignoredSuppressions`). */
  private ignoredSuppressions(object: JsonObject): IgnoredSuppression[] {
    const category = classify(object);
    if (category === ObjectCategory.UNKNOWN_KIND || category === ObjectCategory.NOT_KUBERNETES) return [];
    return ignoredSuppressions(object);
  }

  private warn(warning: InputError): void {
    this.inputWarnings.push(warning);
    this.options.onInputWarning?.(warning);
  }

  /** Checks one object now (workloads) or later (Services); returns the findings to locate. */
  private object(object: JsonObject, document: SourceDocument, ordinal: number, store: () => StoredDocument, item?: number): Finding[] {
    const plan = planFor(object, { assumeWindows: this.options.assumeWindows });
    const skipped = plan.category === ObjectCategory.UNKNOWN_KIND ? 'unknown kind (not a built-in API group): not checked'
      : plan.category === ObjectCategory.NOT_KUBERNETES ? 'not a Kubernetes object (no apiVersion and kind): not checked' : undefined;
    if (plan.category === ObjectCategory.UNKNOWN_KIND) this.skippedUnknownKinds++;
    else if (plan.category === ObjectCategory.NOT_KUBERNETES) this.skippedNotKubernetes++;
    else this.checkedObjects++;
    if (this.objects) {
      this.objects.push({
        file: document.source,
        ordinal,
        ...(this.fromCluster ? {} : {
          documentIndex: document.index,
          line: document.startLine + (item === undefined ? firstContentLine(document.text) : 0),
        }),
        object: detachReference(referenceOf(object), this.shared),
        skipped,
      });
    }
    switch (plan.category) {
      case ObjectCategory.WORKLOAD: {
        this.index.add(object, plan.windows, plan.pod);
        if (plan.rules.length === 0) return [];
        if (plan.pod && referencesOtherObjects(plan.pod)) {
          this.deferred.push({ jsonId: this.arena.add(JSON.stringify(object)), document: store(), item, ordinal });
          return [];
        }
        if (readsNamespaceLabels(plan, object)) {
          // Every rule but the Pod Security ones now; those once every Namespace has been read.
          // From a file, the document's text (in the arena, off the heap) is parsed again if the
          // namespace turns out to have labels; from a cluster there is no text to parse.
          const jsonId = this.fromCluster ? this.arena.add(JSON.stringify(object)) : FROM_DOCUMENT;
          this.awaitingLabels.add(namespaceOf(object)!, jsonId, store(), item, ordinal);
          return this.checkObject(object, document, splitByNamespaceLabels(plan).now);
        }
        return this.checkObject(object, document, plan);
      }
      case ObjectCategory.SERVICE:
        this.deferred.push({ jsonId: this.arena.add(JSON.stringify(object)), document: store(), item, ordinal });
        return [];
      case ObjectCategory.NO_RULES:
      case ObjectCategory.UNKNOWN_KIND:
        if (isContextObject(object)) this.context.push(JSON.parse(JSON.stringify(object)));
        return [];
      default:
        return [];
    }
  }

  /**
   * The engine on one object, by the plan (../engine/check-plan.ts). A rule that throws on a value
   * it did not expect (a string where a list belongs) must not stop the run: that object is
   * reported as an input error instead.
   */
  private checkObject(object: JsonObject, document: { source: string; index: number; startLine: number }, plan?: CheckPlan): Finding[] {
    try {
      return checkObject(object, this.options.profile, this.sources, { assumeWindows: this.options.assumeWindows }, plan);
    } catch (error) {
      const { kind, namespace, name } = referenceOf(object);
      this.record({
        source: this.fromCluster ? describeObject(referenceOf(object)) : document.source,
        ...(this.fromCluster ? {} : { documentIndex: document.index, line: document.startLine }),
        message: `cannot check ${kind}/${namespace ? `${namespace}/` : ''}${name ?? UNNAMED}: a rule failed on it (${(error as Error)?.message ?? String(error)})`,
      });
      return [];
    }
  }

  /** A workload of a document read before, parsed again from its text (it parsed then, so it parses now). */
  private reparse(document: StoredDocument, item: number | undefined): JsonObject {
    const parsed = parseYaml(this.arena.get(document.textId));
    if (!parsed.ok) throw new Error(`document ${document.index} of ${document.source} no longer parses: ${parsed.message}`);
    const value = parsed.value as JsonObject;
    return item === undefined ? value : value.items[item];
  }

  /** Records findings with their place: the line of each path, or (from a cluster, no `locator`) the object alone. */
  private locate(findings: Finding[], locator: DocumentLocator | undefined, prefix: string,
    document: { source: string; index: number }, ordinal: number): void {
    for (const finding of findings) {
      const fieldPath = prefix && finding.path ? `${prefix}.${finding.path}` : prefix || finding.path;
      this.findings.push(detachFinding({
        ...finding,
        file: document.source,
        ...(locator ? { line: locator.lineOf(fieldPath), documentIndex: document.index } : {}),
        ordinal,
      }, this.shared));
    }
  }

  /** Releases temporary files. */
  public close(): void {
    this.arena.close();
  }

  /** Checks the deferred objects (Services, workloads naming other objects), and builds the report. */
  public finish(cwd: string, cluster?: ClusterSource): CheckReport {
    this.checkQueued();
    let lastDocument: StoredDocument | undefined;
    let locator: DocumentLocator | undefined;
    for (const deferred of this.deferred) {
      if (deferred.document !== lastDocument) {
        lastDocument = deferred.document;
        locator = undefined;
      }
      const object: JsonObject = JSON.parse(this.arena.get(deferred.jsonId));
      const findings = this.checkObject(object, lastDocument);
      if (findings.length === 0) continue;
      if (!this.fromCluster) locator ??= new DocumentLocator(this.arena.get(lastDocument.textId), lastDocument.startLine);
      this.locate(findings, locator, deferred.item === undefined ? '' : `items[${deferred.item}]`, lastDocument, deferred.ordinal);
    }
    this.deferred.length = 0;
    const labelled = namespacesWithLabels(this.context, this.options.profile);
    this.awaitingLabels.forEach(labelled, (jsonId, document, item, ordinal) => {
      const object = jsonId === FROM_DOCUMENT ? this.reparse(document, item) : JSON.parse(this.arena.get(jsonId)) as JsonObject;
      const plan = splitByNamespaceLabels(planFor(object, { assumeWindows: this.options.assumeWindows })).labels;
      const findings = this.checkObject(object, document, plan);
      if (findings.length === 0) return;
      const lines = this.fromCluster ? undefined : new DocumentLocator(this.arena.get(document.textId), document.startLine);
      this.locate(findings, lines, item === undefined ? '' : `items[${item}]`, document, ordinal);
    });
    const findings = this.findings
      .map((finding, position) => ({ finding, position }))
      .sort((a, b) => a.finding.ordinal - b.finding.ordinal || (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.position - b.position)
      .map(({ finding }) => finding);
    const strict = this.options.strict ?? false;
    const counts = countFindings(findings, strict);
    return {
      findings,
      inputErrors: this.inputErrors,
      inputWarnings: this.inputWarnings,
      objects: this.objects,
      summary: {
        objects: this.checkedObjects,
        files: this.files,
        ...counts,
        skippedUnknownKinds: this.skippedUnknownKinds,
        skippedNotKubernetes: this.skippedNotKubernetes,
        inputErrors: this.inputErrors.length,
        inputWarnings: this.inputWarnings.length,
      },
      profile: this.options.profile,
      strict,
      version: toolVersion(),
      cwd,
      ...(cluster ? { cluster } : {}),
    };
  }
}

// V8 makes a substring a slice of its parent from this length on (shorter ones are copies).
const SLICED_STRING_MIN_LENGTH = 13;

/**
 * A copy of `text` that does not share memory with it. V8 keeps substrings as slices of their
 * parent, so a short string cut from a large read buffer would keep the whole buffer alive.
 */
function copyString(text: string): string {
  return text.length < SLICED_STRING_MIN_LENGTH ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * One copy of each text that many findings and objects repeat (kinds, namespaces, field paths,
 * fixes): each finding kept to the end then costs its own message and name only.
 */
class SharedTexts {
  private readonly copies = new Map<string, string>();

  public copy(text: string): string {
    let copy = this.copies.get(text);
    if (copy === undefined) {
      // Bounded for texts that do not repeat after all (the namespaces of a generated input, say).
      if (this.copies.size >= 10_000) this.copies.clear();
      copy = copyString(text);
      this.copies.set(copy, copy);
    }
    return copy;
  }
}

function detachReference(reference: ObjectReference, shared: SharedTexts): ObjectReference {
  return {
    apiVersion: shared.copy(reference.apiVersion),
    kind: shared.copy(reference.kind),
    namespace: reference.namespace === undefined ? undefined : shared.copy(reference.namespace),
    name: reference.name === undefined ? undefined : copyString(reference.name),
  };
}

/** A finding whose strings do not share memory with the input (see `copyString`). */
function detachFinding(finding: LocatedFinding, shared: SharedTexts): LocatedFinding {
  return {
    ...finding,
    resource: detachReference(finding.resource, shared),
    path: shared.copy(finding.path),
    remediation: shared.copy(finding.remediation),
    docsUrl: shared.copy(finding.docsUrl),
    message: copyString(finding.message),
    suppressedReason: finding.suppressedReason === undefined ? undefined : copyString(finding.suppressedReason),
  };
}

/** Characters written at once by `writeInPieces`. */
const WRITE_PIECE_CHARS = 64 * 1024;

/** Writes `lines` joined in pieces of about `WRITE_PIECE_CHARS`, each after the last was taken. */
async function writeInPieces(stream: Writable, lines: Iterable<string>): Promise<void> {
  let piece: string[] = [];
  let length = 0;
  for (const line of lines) {
    piece.push(line);
    length += line.length;
    if (length >= WRITE_PIECE_CHARS) {
      await write(stream, piece.join(''));
      piece = [];
      length = 0;
    }
  }
  if (piece.length > 0) await write(stream, piece.join(''));
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise(resolve => {
    try {
      stream.write(text, () => resolve());
    } catch {
      resolve();
    }
  });
}
