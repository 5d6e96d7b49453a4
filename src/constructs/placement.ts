import * as kplus from 'cdk8s-plus-27';
import { TargetProfile } from '../model/profile';
import * as windows from '../model/windows';

/** The node label with the node OS (`windows` on every Windows node). */
export const OS_LABEL: string = windows.OS_LABELS[0];
/** The node label with the Windows build, set by the kubelet since Kubernetes 1.17. */
export const WINDOWS_BUILD_LABEL: string = windows.WINDOWS_BUILD_LABEL;
/** `spec.os` is GA from this Kubernetes minor (the field exists since 1.23, behind a gate). */
export const POD_OS_FIELD_GA_MINOR: number = windows.POD_OS_FIELD_GA_MINOR;

/** Where a Windows workload's pods go. */
export interface WindowsPlacementOptions {
  /**
   * Whether the pods tolerate the taint Windows nodes commonly carry.
   * @default true
   */
  readonly tolerateWindowsTaint?: boolean;

  /**
   * The taint of the Windows nodes to tolerate, when `tolerateWindowsTaint` is on.
   * @default - `os=windows:NoSchedule`
   */
  readonly windowsTaint?: WindowsTaint;
}

/** A taint that Windows nodes carry. */
export interface WindowsTaint {
  /** The taint key. */
  readonly key: string;
  /**
   * The taint value.
   * @default - any value (operator Exists)
   */
  readonly value?: string;
  /**
   * The taint effect.
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;
}

/** The taint Windows nodes commonly carry: `os=windows:NoSchedule`. */
export const DEFAULT_WINDOWS_TAINT: WindowsTaint = { key: 'os', value: 'windows', effect: kplus.TaintEffect.NO_SCHEDULE };

/** The cdk8s-plus toleration of a Windows taint. */
export function tolerationOf(taint: WindowsTaint): kplus.TaintedNode {
  const options = { effect: taint.effect };
  return kplus.Node.tainted(taint.value === undefined
    ? kplus.NodeTaintQuery.exists(taint.key, options)
    : kplus.NodeTaintQuery.is(taint.key, taint.value, options));
}

/** The same toleration as plain Kubernetes JSON (for RuntimeClass scheduling). */
export function tolerationJson(taint: WindowsTaint): { [field: string]: string | undefined } {
  return { key: taint.key, operator: taint.value === undefined ? 'Exists' : 'Equal', value: taint.value, effect: taint.effect };
}

/** Whether the pod spec should carry `spec.os.name: windows` for this target. */
export function emitsPodOsField(profile: TargetProfile): boolean {
  return profile.kubernetesVersion.isAtLeast(POD_OS_FIELD_GA_MINOR);
}
