import { runRules } from './engine';
import { Finding } from './finding';
import { JsonObject } from './manifest';
import { ObjectCategory, planFor, selects } from './targets';
import { TargetProfile } from '../profile';

/**
 * Checks manifests the library did not write, all in memory (the command-line checker streams
 * the same decision, see targets.ts): the full catalog on pods that target Windows and the
 * Services in front of them, the placement rules on every other pod. One finding list per object.
 */
export function checkForeignManifests(objects: readonly JsonObject[], profile: TargetProfile, assumeWindows = false): Finding[][] {
  const windowsWorkloads = objects.filter(o => {
    const plan = planFor(o, { assumeWindows });
    return plan.category === ObjectCategory.WORKLOAD && plan.windows;
  });
  const selectsWindowsPods = (service: JsonObject) => windowsWorkloads.some(w => selects(service, w));
  return objects.map(object => {
    const plan = planFor(object, { assumeWindows, selectsWindowsPods });
    return plan.rules.length === 0 ? [] : runRules([object], profile, plan.rules, objects);
  });
}
