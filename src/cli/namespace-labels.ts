/**
 * `--namespace-labels <namespace>=<label>=<value>[,<label>=<value>...]`: the Pod Security labels
 * of a namespace the input does not hold, as the target's `podSecurity` entries. `*` as the
 * namespace stands for every namespace without an entry or a Namespace object of its own, and
 * for workloads that set no namespace. A label is a full key (`pod-security.kubernetes.io/enforce`)
 * or its short form (`enforce`); other label keys with a prefix (`kubernetes.io/metadata.name`,
 * as `kubectl get namespace --show-labels` prints them) are ignored.
 */
import { NamespacePodSecurity } from '../model/pod-security';
import { POD_SECURITY_LABEL_PREFIX, POD_SECURITY_LABELS, podSecurityProblems } from '../model/pod-security-labels';

/** `enforce-version` -> `enforceVersion`, for the six modes and versions. */
const FIELD_OF_LABEL = new Map(Object.entries(POD_SECURITY_LABELS).map(([field, label]) => [label.slice(POD_SECURITY_LABEL_PREFIX.length), field]));

/** Parses the values of `--namespace-labels`; throws an Error whose message names the value and what is expected. */
export function parseNamespaceLabels(values: readonly string[]): NamespacePodSecurity[] {
  const entries: NamespacePodSecurity[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const equals = value.indexOf('=');
    const namespace = equals < 0 ? '' : value.slice(0, equals).trim();
    if (equals < 0 || namespace === '') {
      throw new Error(`'${value}': expected <namespace>=<label>=<value>[,<label>=<value>...], e.g. web=pod-security.kubernetes.io/enforce=restricted ('*' for every other namespace)`);
    }
    if (seen.has(namespace)) throw new Error(`namespace '${namespace}' is given twice: put its labels in one value, separated by commas`);
    seen.add(namespace);
    const entry: { [field: string]: string } = {};
    for (const pair of value.slice(equals + 1).split(',').map(p => p.trim()).filter(p => p !== '')) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`'${pair}' (namespace '${namespace}'): expected <label>=<value>, e.g. pod-security.kubernetes.io/enforce=restricted`);
      const key = pair.slice(0, at).trim();
      const short = key.startsWith(POD_SECURITY_LABEL_PREFIX) ? key.slice(POD_SECURITY_LABEL_PREFIX.length) : key.includes('/') ? undefined : key;
      if (short === undefined) continue; // another label of the namespace: not read
      const field = FIELD_OF_LABEL.get(short);
      if (field === undefined) {
        throw new Error(`'${key}' (namespace '${namespace}') is not a Pod Security label: expected ${[...FIELD_OF_LABEL.keys()].join(', ')} (with or without the ${POD_SECURITY_LABEL_PREFIX} prefix)`);
      }
      entry[field] = pair.slice(at + 1).trim();
    }
    const podSecurity = { ...(namespace === '*' ? {} : { namespace }), ...entry } as NamespacePodSecurity;
    const problems = podSecurityProblems(podSecurity);
    if (problems.length > 0) throw new Error(`namespace '${namespace}': ${problems.join('; ')}`);
    entries.push(podSecurity);
  }
  return entries;
}

