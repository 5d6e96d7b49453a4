import { isObject, JsonObject } from '../../model/manifest';

/** The API group and kind of gMSA credential specs (kubernetes-sigs/windows-gmsa `admission-webhook/kube_client.go`). */
export const GMSA_API_GROUP = 'windows.k8s.io';
export const GMSA_KIND = 'GMSACredentialSpec';
export const GMSA_RESOURCE = 'gmsacredentialspecs';

/** Whether `object` is a GMSACredentialSpec (any version of windows.k8s.io). */
export function isGmsaCredentialSpec(object: JsonObject): boolean {
  return object.kind === GMSA_KIND && typeof object.apiVersion === 'string' && object.apiVersion.startsWith(`${GMSA_API_GROUP}/`);
}

const RBAC = 'rbac.authorization.k8s.io/';
const isKind = (object: JsonObject, kind: string) => object.kind === kind && typeof object.apiVersion === 'string' && object.apiVersion.startsWith(RBAC);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const has = (values: unknown, wanted: string) => list(values).some(v => v === wanted || v === '*');

/** Whether a Role's or ClusterRole's rules allow `use` on the credential spec `name`. */
export function roleAllowsUse(role: JsonObject, name: string): boolean {
  return list(role.rules).some(rule => isObject(rule) && has(rule.apiGroups, GMSA_API_GROUP) && has(rule.resources, GMSA_RESOURCE)
    && has(rule.verbs, 'use') && (list(rule.resourceNames).length === 0 || list(rule.resourceNames).includes(name)));
}

/** Whether a binding subject is the service account `account` of `namespace` (directly, by user name, or by its groups). */
function subjectIs(subject: unknown, account: string, namespace: string | undefined, bindingNamespace: string | undefined): boolean {
  if (!isObject(subject)) return false;
  const sameNamespace = (ns: unknown) => namespace === undefined || ns === undefined || ns === namespace;
  if (subject.kind === 'ServiceAccount') return subject.name === account && sameNamespace(subject.namespace ?? bindingNamespace);
  if (subject.kind === 'User') return typeof subject.name === 'string' && namespace !== undefined && subject.name === `system:serviceaccount:${namespace}:${account}`;
  if (subject.kind === 'Group') {
    return subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated'
      || (typeof subject.name === 'string' && subject.name.startsWith('system:serviceaccounts:') && sameNamespace(subject.name.slice('system:serviceaccounts:'.length)));
  }
  return false;
}

/** What the RBAC objects of an input say about one account's `use` of one credential spec. */
export enum GmsaGrant {
  /** A binding of the account refers to a role that allows it. */
  GRANTED = 'granted',
  /** A binding of the account refers to a role the input does not hold, or an aggregated ClusterRole: it may allow it. */
  UNKNOWN = 'unknown',
  /** No binding of the account refers to a role that allows it, and every role its bindings refer to is in the input. */
  DENIED = 'denied',
}

/** Whether the RBAC objects among `objects` let `account` of `namespace` `use` the credential spec `name`. */
export function gmsaGrant(objects: readonly JsonObject[], account: string, namespace: string | undefined, name: string): GmsaGrant {
  let unknown = false;
  for (const binding of objects) {
    const cluster = isKind(binding, 'ClusterRoleBinding');
    if (!cluster && !isKind(binding, 'RoleBinding')) continue;
    const bindingNamespace = typeof binding.metadata?.namespace === 'string' ? binding.metadata.namespace : undefined;
    if (!cluster && namespace !== undefined && bindingNamespace !== undefined && bindingNamespace !== namespace) continue;
    if (!list(binding.subjects).some(s => subjectIs(s, account, namespace, bindingNamespace))) continue;
    const ref = isObject(binding.roleRef) ? binding.roleRef : {};
    const role = objects.find(o => isKind(o, String(ref.kind)) && o.metadata?.name === ref.name
      && (ref.kind === 'ClusterRole' || bindingNamespace === undefined || o.metadata?.namespace === undefined || o.metadata.namespace === bindingNamespace));
    // An aggregated ClusterRole gets its rules from other roles at run time: it may allow it.
    if (!role || isObject(role.aggregationRule)) unknown = true;
    else if (roleAllowsUse(role, name)) return GmsaGrant.GRANTED;
  }
  return unknown ? GmsaGrant.UNKNOWN : GmsaGrant.DENIED;
}

/** Whether `objects` hold RBAC bindings (the input says who may do what). */
export function holdsRbac(objects: readonly JsonObject[]): boolean {
  return objects.some(o => isKind(o, 'RoleBinding') || isKind(o, 'ClusterRoleBinding'));
}
