import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { Finding } from '../model/finding';
import { Platform } from '../model/platform';
import { TargetProfile } from '../model/profile';
import { findingKey, RecordedObject, recordKey, TARGET_RECORD_FILE, TARGET_RECORD_VERSION, TargetRecord } from '../model/target-record';

/** What has been recorded for each output directory in this process, by object key. */
const records = new Map<string, Map<string, RecordedObject>>();

/**
 * Records the target of `apiObject` and the findings synthesis reported for it, and rewrites the
 * record file in `outdir` (see ../model/target-record.ts). The file is small (a line per object),
 * and validations run before cdk8s writes the manifests, so it is rewritten at each one.
 */
export function recordForPlugin(outdir: string, apiObject: ApiObject, profile: TargetProfile, reported: Finding[]): void {
  const key = recordKey(apiObject.apiVersion, apiObject.kind, apiObject.metadata.namespace, apiObject.name);
  const objects = records.get(outdir) ?? new Map<string, RecordedObject>();
  records.set(outdir, objects);
  objects.set(key, {
    key,
    target: {
      kubernetesVersion: profile.kubernetesVersion.toString(),
      windowsServerVersion: profile.windowsServerVersion?.year,
      runtime: profile.runtime,
      isolation: profile.isolation,
      podSecurity: profile.podSecurity.length > 0 ? profile.podSecurity : undefined,
      platform: profile.platform === Platform.GENERIC ? undefined : profile.platform,
      nodePools: profile.nodePools.length > 0 ? profile.nodePools : undefined,
    },
    reported: reported.filter(f => !f.suppressedReason).map(f => findingKey(f.rule, f.path)),
    suppressed: reported.filter(f => f.suppressedReason).map(f => findingKey(f.rule, f.path)),
  });
  fs.mkdirSync(outdir, { recursive: true });
  const record: TargetRecord = { version: TARGET_RECORD_VERSION, objects: [...objects.values()] };
  fs.writeFileSync(path.join(outdir, TARGET_RECORD_FILE), JSON.stringify(record, undefined, 1));
}
