/** How much a finding matters. */
export enum Severity {
  /** Cannot work on Windows: fails synthesis and makes the checker exit non-zero. */
  ERROR = 'error',
  /** Likely to misbehave: reported; fails only in strict mode. */
  WARNING = 'warning',
  /** Advice. */
  INFO = 'info',
}

/** The Kubernetes object a finding is about. */
export interface ObjectReference {
  /** The object's apiVersion. */
  readonly apiVersion: string;
  /** The object's kind. */
  readonly kind: string;
  /**
   * The object's namespace.
   * @default - none set in the manifest
   */
  readonly namespace?: string;
  /**
   * The object's name.
   * @default - none set in the manifest
   */
  readonly name?: string;
}

/** One violation of a Windows rule, at one field of one object. */
export interface Finding {
  /** The rule's stable kebab-case name, e.g. `no-privileged`. */
  readonly rule: string;
  /** The severity the rule gives this finding. */
  readonly severity: Severity;
  /** The object the finding is about. */
  readonly resource: ObjectReference;
  /** The exact field path, e.g. `spec.template.spec.containers[1].securityContext.runAsUser`. */
  readonly path: string;
  /** What is wrong and why, naming the value. */
  readonly message: string;
  /** What to do instead. */
  readonly remediation: string;
  /** Where the Windows fact behind the rule is documented upstream. */
  readonly docsUrl: string;
  /**
   * The reason the finding was suppressed, when it was.
   * @default - not suppressed
   */
  readonly suppressedReason?: string;
}

/** How messages and reports name an object whose manifest sets no name. */
export const UNNAMED = '<no name>';

/** `kind/name` (with the namespace when set), for messages. */
export function describeObject(object: ObjectReference): string {
  const name = object.name ?? UNNAMED;
  return `${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${name}`;
}
