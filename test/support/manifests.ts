// The one shared check every synthesized manifest goes through: the Kubernetes schema
// (kubernetes-models) and the upstream API-server validation (test/apiserver).
import { execSync } from 'child_process';
import { Chart, Testing } from 'cdk8s';
import { upstreamValidatorAvailable, validateUpstream } from './upstream-validator';

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
  if (upstreamValidatorAvailable()) return true;
  if (goInstalled()) {
    throw new Error('Go is installed but test/apiserver/bin/apiserver-validate is missing: run `bash test/apiserver/build.sh` (npm test does).');
  }
  if (!warnedNoGo) {
    warnedNoGo = true;
    // eslint-disable-next-line no-console
    console.warn('SKIPPING upstream API-server validation: Go is not installed, so test/apiserver cannot be built.');
  }
  return false;
}
let warnedNoGo = false;

/** Problems of a set of objects: schema errors and upstream rejections, one line each. */
export function manifestProblems(objects: any[]): string[] {
  const problems: string[] = [];
  objects.forEach((object, index) => {
    for (const error of schemaErrors(object)) problems.push(`#${index} ${object.kind}/${object.metadata?.name}: schema: ${error}`);
  });
  if (upstreamValidationEnabled()) {
    for (const verdict of validateUpstream(objects)) {
      if (verdict.status === 'invalid') {
        for (const error of verdict.errors) problems.push(`#${verdict.index} ${verdict.kind}/${verdict.name}: apiserver: ${error.message}`);
      }
      if (verdict.status === 'skipped') problems.push(`#${verdict.index} ${verdict.kind}: apiserver skipped it: ${verdict.reason}`);
    }
  }
  return problems;
}

/** Asserts that every object passes the schema and the upstream API-server validation. */
export function expectValidManifests(objects: any[]): void {
  expect(manifestProblems(objects)).toEqual([]);
}

/** Synthesizes a chart (running its validations) and checks every manifest it emits. */
export function synthValid(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
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
