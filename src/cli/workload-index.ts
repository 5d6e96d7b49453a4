/**
 * The workloads of a checked input, for the Services checked at the end: which of them a Service
 * selects (see `selects` in ../engine/check-plan.ts), and their skeletons as context for Service rules.
 *
 * Memory per workload is small and mostly outside the JavaScript heap: its skeleton as JSON in a
 * `TextArena`, a Windows flag, and for each pod label a 30-bit hash of `key=value` in a map of
 * numbers. A hash collision only adds a candidate that `selects` then rejects.
 */
import { TextArena } from './arena';
import { SelectedWorkload, selects, skeletonOf } from '../engine/check-plan';
import { findPodSpec, isObject, JsonObject } from '../model/manifest';


export class WorkloadIndex {
  /** Skeleton ids (in `skeletons`) by workload number. */
  private readonly skeletonIds: number[] = [];
  /** Whether the workload's pod targets Windows. */
  private readonly windows: boolean[] = [];
  private readonly byLabel = new Map<number, number | number[]>();

  /** @param skeletons where the skeletons are kept (the run's arena: one memory budget for all it keeps) */
  constructor(private readonly skeletons: TextArena) {}

  /**
   * Records a workload (ignored when its pod has no labels: no Service can select it).
   * @param pod its pod spec, when the caller has it already
   */
  public add(object: JsonObject, windows: boolean, pod = findPodSpec(object)): void {
    const labels = pod?.metadata.labels;
    if (!isObject(labels)) return;
    let id = -1;
    for (const key of Object.keys(labels)) {
      const value = labels[key];
      if (typeof value !== 'string') continue;
      if (id < 0) {
        id = this.skeletonIds.length;
        this.skeletonIds.push(this.skeletons.add(JSON.stringify(skeletonOf(object))));
        this.windows.push(windows);
      }
      const hash = labelHash(key, value);
      const ids = this.byLabel.get(hash);
      if (ids === undefined) {
        this.byLabel.set(hash, id);
      } else if (typeof ids === 'number') {
        if (ids !== id) this.byLabel.set(hash, [ids, id]);
      } else if (ids[ids.length - 1] !== id) {
        ids.push(id);
      }
    }
  }

  /** The workloads `service` selects, in input order, as skeletons. */
  public selectedBy(service: JsonObject): SelectedWorkload[] {
    const selector = service.spec?.selector;
    if (!isObject(selector)) return [];
    const first = Object.entries(selector).find(([, value]) => typeof value === 'string');
    if (!first) return [];
    const ids = this.byLabel.get(labelHash(first[0], first[1] as string));
    const candidates = ids === undefined ? [] : typeof ids === 'number' ? [ids] : ids;
    const selected: SelectedWorkload[] = [];
    for (const id of candidates) {
      const skeleton: JsonObject = JSON.parse(this.skeletons.get(this.skeletonIds[id]));
      if (selects(service, skeleton)) selected.push({ workload: skeleton, windows: this.windows[id] });
    }
    return selected;
  }
}

/** FNV-1a over `key`, `=`, `value`, folded to 30 bits (a small integer for the map, no string kept). */
/* eslint-disable no-bitwise */
function labelHash(key: string, value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ 0x3d, 0x01000193);
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return (hash >>> 2) & 0x3fffffff;
}
/* eslint-enable no-bitwise */
