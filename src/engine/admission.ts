/**
 * Pod Security verdicts on a set of workloads, for constructs that write namespace labels (the
 * `WindowsNamespace`): the strictest level that admits them all, and what a level refuses.
 */
import { findPodSpec, JsonObject } from '../model/manifest';
import { PodSecurityLevel } from '../model/pod-security';
import { TargetProfile } from '../model/profile';
import { effectiveMinor, evaluatePod } from '../rules/lib/pod-security';

/** One workload a level refuses, and the checks it fails. */
export interface PodSecurityRefusal {
  /** `Deployment/web` */
  readonly workload: string;
  /** `runAsNonRoot (runAsNonRoot != true: container "iis")`, one per failed check. */
  readonly checks: string[];
}

/** The workloads among `manifests` whose pods `level` at `version` refuses. */
export function podSecurityRefusals(manifests: readonly JsonObject[], level: PodSecurityLevel, version: string,
  profile: TargetProfile): PodSecurityRefusal[] {
  const minor = effectiveMinor(version, profile);
  return manifests.flatMap(manifest => {
    const pod = findPodSpec(manifest);
    if (!pod) return [];
    const failures = evaluatePod(pod, level, minor);
    if (failures.length === 0) return [];
    return [{ workload: `${manifest.kind}/${manifest.metadata?.name ?? '<no name>'}`, checks: failures.map(f => `${f.check} (${f.reason}: ${f.detail})`) }];
  });
}

/** The strictest level (restricted, then baseline, then privileged) at `version` that admits the pods of every workload among `manifests`. */
export function strictestAdmittingLevel(manifests: readonly JsonObject[], version: string, profile: TargetProfile): PodSecurityLevel {
  for (const level of [PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE]) {
    if (podSecurityRefusals(manifests, level, version, profile).length === 0) return level;
  }
  return PodSecurityLevel.PRIVILEGED;
}
