/**
 * CEL fragments for the rules' admission forms (`AdmissionForm` in src/rules/rule.ts): the policy
 * variables, guarded field access (the API server sends objects without the optional fields a
 * manifest leaves out), and the kubelet's merge of pod and container security contexts.
 */

/** The pod spec, its containers (containers, init and ephemeral containers) and whether it is a HostProcess pod. */
export const SPEC = 'variables.spec';
export const CONTAINERS = 'variables.containers';

/** The pod's volumes (an empty list when it has none). */
export const VOLUMES = `(has(${SPEC}.volumes) ? ${SPEC}.volumes : [])`;

/** Containers and init containers, without the ephemeral ones (which cannot set resources). */
export const CONTAINERS_AND_INIT = `(has(${SPEC}.containers) ? ${SPEC}.containers : []) + (has(${SPEC}.initContainers) ? ${SPEC}.initContainers : [])`;

/** A CEL string literal (JSON's escapes are CEL's). */
export function celString(text: string): string {
  return JSON.stringify(text);
}

/** A CEL list of string literals. */
export function celStrings(texts: readonly string[]): string {
  return `[${texts.map(celString).join(', ')}]`;
}

/** `has()` on each prefix of a dotted path: `has(a.b) && has(a.b.c)`. */
export function hasPath(root: string, path: string): string {
  const segments = path.split('.');
  return segments.map((_, i) => `has(${root}.${segments.slice(0, i + 1).join('.')})`).join(' && ');
}

/** Whether container `c` or the pod sets `securityContext.<field>` (the kubelet's merge: the container's own, else the pod's). */
export function effectiveSet(c: string, field: string): string {
  return `(${hasPath(c, `securityContext.${field}`)} || ${hasPath(SPEC, `securityContext.${field}`)})`;
}

/** The effective `securityContext.<field>` of container `c`; only where `effectiveSet` holds. */
export function effectiveValue(c: string, field: string): string {
  return `(${hasPath(c, `securityContext.${field}`)} ? ${c}.securityContext.${field} : ${SPEC}.securityContext.${field})`;
}

/** Whether the effective boolean `securityContext.<field>` of container `c` is true (a container's `false` overrides the pod's `true`). */
export function effectiveTrue(c: string, field: string): string {
  return `(${hasPath(c, `securityContext.${field}`)} ? ${c}.securityContext.${field} == true : (${hasPath(SPEC, `securityContext.${field}`)} && ${SPEC}.securityContext.${field} == true))`;
}

/** `container 'name'` for messages. */
export function celContainer(c: string): string {
  return `"container '" + ${c}.name + "'"`;
}

/** The message parts of the items of `list` that fail (`failing` true), joined with `; `. */
export function celEach(list: string, variable: string, failing: string, message: string): string {
  return `${list}.filter(${variable}, ${failing}).map(${variable}, ${message}).join('; ')`;
}
