// Wrapper around test/apiserver/bin/apiserver-validate-<release>: the real
// kube-apiserver decode + create validation of k8s.io/kubernetes v1.27.16 or
// v1.37.2, run without a server. Build both with `bash test/apiserver/build.sh`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The Kubernetes releases there is an upstream validator for. */
export type UpstreamRelease = '1.27' | '1.37';

/** The release validateUpstream uses when none is given. */
export const DEFAULT_UPSTREAM_RELEASE: UpstreamRelease = '1.27';

const RELEASES: readonly UpstreamRelease[] = ['1.27', '1.37'];

function checkRelease(release: UpstreamRelease): void {
  if (!RELEASES.includes(release)) {
    throw new Error(`no upstream validator for Kubernetes ${release}; there is one for ${RELEASES.join(', ')}`);
  }
}

export interface UpstreamError {
  /** field.ErrorType, e.g. "FieldValueForbidden", or "StrictDecodingError" / "DecodeError" / "NoKindMatch". */
  readonly type: string;
  /** Field path, e.g. "spec.template.spec.containers[0].securityContext.privileged" ("" when unknown). */
  readonly field: string;
  /** The upstream detail, e.g. "cannot be set for a windows pod". */
  readonly detail: string;
  /** The full upstream error string, as kubectl would print it. */
  readonly message: string;
}

export interface UpstreamVerdict {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly status: 'valid' | 'invalid' | 'skipped';
  readonly errors: UpstreamError[];
  /** Why it was skipped, or the server's whole error message when invalid. */
  readonly reason?: string;
  /** Warnings the API server would return for the create (valid objects only). */
  readonly warnings?: string[];
  /** Assumptions the validator made, e.g. validating in namespace "default". */
  readonly notes?: string[];
}

/** Absolute path of the apiserver-validate binary of a release (default 1.27). */
export function upstreamValidatorPath(release: UpstreamRelease = DEFAULT_UPSTREAM_RELEASE): string {
  checkRelease(release);
  return path.join(__dirname, '..', 'apiserver', 'bin', `apiserver-validate-${release}`);
}

/** True when the release's binary has been built (tests decide whether to skip or fail). */
export function upstreamValidatorAvailable(release: UpstreamRelease = DEFAULT_UPSTREAM_RELEASE): boolean {
  try {
    fs.accessSync(upstreamValidatorPath(release), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates manifests with the upstream API-server code of a release (default
 * 1.27), one verdict per manifest in order. Throws if the binary is missing or
 * fails to run (exit status 2 or a crash); invalid manifests are reported, not
 * thrown.
 */
export function validateUpstream(manifests: any[], release: UpstreamRelease = DEFAULT_UPSTREAM_RELEASE): UpstreamVerdict[] {
  const bin = upstreamValidatorPath(release);
  if (!upstreamValidatorAvailable(release)) {
    throw new Error(`${bin} not found; build it with: bash test/apiserver/build.sh`);
  }
  const result = spawnSync(bin, ['--json'], {
    input: JSON.stringify(manifests),
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`failed to run ${bin}: ${result.error.message}`);
  }
  // 0: all valid or skipped, 1: some invalid; anything else is a tool failure.
  if (result.status !== 0 && result.status !== 1) {
    const how = result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
    throw new Error(`${bin} failed (${how}):\n${result.stderr}`);
  }
  let verdicts: UpstreamVerdict[];
  try {
    verdicts = JSON.parse(result.stdout);
  } catch (e) {
    throw new Error(`${bin} printed invalid JSON (${(e as Error).message}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!Array.isArray(verdicts) || verdicts.length !== manifests.length) {
    throw new Error(`${bin} returned ${Array.isArray(verdicts) ? verdicts.length : 'no'} verdicts for ${manifests.length} manifests:\n${result.stderr}`);
  }
  return verdicts;
}
