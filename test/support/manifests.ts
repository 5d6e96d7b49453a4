// The one shared check every synthesized manifest goes through: the Kubernetes schema
// (kubernetes-models) and the upstream API-server validation (test/apiserver).
import { execSync } from 'child_process';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DEFAULT_UPSTREAM_RELEASE, UpstreamRelease, upstreamValidatorAvailable, validateUpstream } from './upstream-validator';
import { TargetProfile } from '../../src';

/** The kubernetes-models module path for an apiVersion: `apps/v1` -> `kubernetes-models/apps/v1`. */
function modelFor(apiVersion: string, kind: string): any {
  let module: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen by apiVersion at run time
    module = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  return module[kind];
}

/** Schema errors of one object, or [] when it is valid (unknown kinds are an error). */
export function schemaErrors(object: any): string[] {
  const Model = modelFor(object.apiVersion, object.kind);
  if (!Model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return [String((e as Error).message)];
  }
}

let goChecked: boolean | undefined;
function goInstalled(): boolean {
  if (goChecked === undefined) {
    try {
      execSync('go version', { stdio: 'ignore' });
      goChecked = true;
    } catch {
      goChecked = false;
    }
  }
  return goChecked;
}

/**
 * Whether upstream validation can run. It must on this project's machines (Go is there): a
 * missing binary with Go installed is a failure, not a skip.
 */
export function upstreamValidationEnabled(): boolean {
  if (upstreamValidatorAvailable('1.27') && upstreamValidatorAvailable('1.37')) return true;
  if (goInstalled()) {
    throw new Error('Go is installed but test/apiserver/bin/apiserver-validate-1.27 or -1.37 is missing: run `bash test/apiserver/build.sh` (npm test does).');
  }
  if (!warnedNoGo) {
    warnedNoGo = true;
    // eslint-disable-next-line no-console
    console.warn('SKIPPING upstream API-server validation: Go is not installed, so test/apiserver cannot be built.');
  }
  return false;
}
let warnedNoGo = false;

/**
 * The upstream release that validates manifests made for `profile`: targets up to 1.27 (what
 * cdk8s-plus-27 emits for) against 1.27, newer targets against the newest release built (1.37).
 */
export function releaseFor(profile: TargetProfile): UpstreamRelease {
  return profile.kubernetesVersion.minor <= 27 ? '1.27' : '1.37';
}

/**
 * Custom resources the library writes, with the structural schema of their CRD: no built-in
 * schema or API-server validator knows them. GMSACredentialSpec: kubernetes-sigs/windows-gmsa
 * admission-webhook/deploy/gmsa-crd.yml (cluster-scoped; `credspec` with these properties), served
 * as windows.k8s.io/v1 (admission-webhook/kube_client.go crdAPIVersion).
 */
const CUSTOM_RESOURCES: { [apiVersionKind: string]: (object: any) => string[] } = {
  'windows.k8s.io/v1/GMSACredentialSpec': object => {
    const errors: string[] = [];
    const name = object.metadata?.name;
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 253) errors.push(`metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
    if (object.metadata?.namespace !== undefined) errors.push('metadata.namespace: the resource is cluster-scoped');
    for (const key of Object.keys(object)) if (!['apiVersion', 'kind', 'metadata', 'credspec'].includes(key)) errors.push(`${key}: unknown field`);
    const spec = object.credspec;
    const strings = (value: any, path: string, fields: string[]) => {
      if (typeof value !== 'object' || value === null) return errors.push(`${path}: must be an object`);
      for (const [key, field] of Object.entries(value)) {
        if (!fields.includes(key)) errors.push(`${path}.${key}: unknown field`);
        else if (typeof field !== 'string') errors.push(`${path}.${key}: must be a string`);
      }
      return 0;
    };
    if (typeof spec !== 'object' || spec === null) return [...errors, 'credspec: must be an object'];
    if (!Array.isArray(spec.CmsPlugins) || spec.CmsPlugins.some((p: unknown) => typeof p !== 'string')) errors.push('credspec.CmsPlugins: must be a list of strings');
    strings(spec.DomainJoinConfig, 'credspec.DomainJoinConfig', ['DnsName', 'DnsTreeName', 'Guid', 'MachineAccountName', 'NetBiosName', 'Sid']);
    const accounts = spec.ActiveDirectoryConfig?.GroupManagedServiceAccounts;
    if (!Array.isArray(accounts)) errors.push('credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts: must be a list');
    else accounts.forEach((a: any, i: number) => strings(a, `credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts[${i}]`, ['Name', 'Scope']));
    return errors;
  },
};

/** Problems of a set of objects: schema errors and upstream rejections at `release`, one line each. */
export function manifestProblems(objects: any[], release: UpstreamRelease = DEFAULT_UPSTREAM_RELEASE): string[] {
  const problems: string[] = [];
  const custom = (object: any) => CUSTOM_RESOURCES[`${object.apiVersion}/${object.kind}`];
  objects.filter(o => custom(o)).forEach(object => {
    for (const error of custom(object)(object)) problems.push(`${object.kind}/${object.metadata?.name}: custom resource schema: ${error}`);
  });
  objects = objects.filter(o => !custom(o));
  objects.forEach((object, index) => {
    for (const error of schemaErrors(object)) problems.push(`#${index} ${object.kind}/${object.metadata?.name}: schema: ${error}`);
  });
  if (upstreamValidationEnabled() && objects.length > 0) {
    for (const verdict of validateUpstream(objects, release)) {
      if (verdict.status === 'invalid') {
        for (const error of verdict.errors) problems.push(`#${verdict.index} ${verdict.kind}/${verdict.name}: apiserver ${release}: ${error.message}`);
      }
      if (verdict.status === 'skipped') problems.push(`#${verdict.index} ${verdict.kind}: apiserver skipped it: ${verdict.reason}`);
    }
  }
  return problems;
}

/** Asserts that every object passes the schema and the upstream API-server validation at `release`. */
export function expectValidManifests(objects: any[], release: UpstreamRelease = DEFAULT_UPSTREAM_RELEASE): void {
  expect(manifestProblems(objects, release)).toEqual([]);
}

/** The target an API object was built for: that of the nearest construct with a `profile` (the Windows constructs), else the chart's. */
function profileOf(apiObject: ApiObject, chart: Chart): TargetProfile {
  for (let scope: IConstruct | undefined = apiObject; scope; scope = scope.node.scope) {
    const profile = (scope as { profile?: unknown }).profile;
    if (profile instanceof TargetProfile) return profile;
  }
  return TargetProfile.resolve(chart);
}

/**
 * Synthesizes a chart (running its validations) and checks every manifest it emits against the
 * schema and the upstream API-server validation of the release its target needs (`releaseFor`).
 */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  const releaseByObject = new Map<string, UpstreamRelease>();
  const key = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
  for (const apiObject of chart.node.findAll().filter(ApiObject.isApiObject)) {
    const metadata = { namespace: apiObject.metadata.namespace, name: apiObject.name };
    const reference = { apiVersion: apiObject.apiVersion, kind: apiObject.kind, metadata };
    releaseByObject.set(key(reference), releaseFor(profileOf(apiObject, chart)));
  }
  for (const release of ['1.27', '1.37'] as const) {
    const group = manifests.filter(m => (releaseByObject.get(key(m)) ?? DEFAULT_UPSTREAM_RELEASE) === release);
    expect(manifestProblems(group, release)).toEqual([]);
  }
  return manifests;
}

/** The message with which synthesis of `chart` fails (fails the test when synthesis succeeds). */
export function synthError(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error('synthesis succeeded but was expected to fail');
}
