import * as kplus from 'cdk8s-plus-27';
import { TargetProfile } from './profile';

/** The node label every Windows node carries. */
export const OS_LABEL = 'kubernetes.io/os';
/** The node label with the Windows build, set by the kubelet since Kubernetes 1.17. */
export const WINDOWS_BUILD_LABEL = 'node.kubernetes.io/windows-build';
/** `spec.os` is GA from this Kubernetes minor (the field exists since 1.23, behind a gate). */
export const POD_OS_FIELD_GA_MINOR = 25;

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
  readonly windowsTaint?: kplus.NodeTaintQuery;
}

/** The taint Windows nodes commonly carry: `os=windows:NoSchedule`. */
export function defaultWindowsTaint(): kplus.NodeTaintQuery {
  return kplus.NodeTaintQuery.is('os', 'windows', { effect: kplus.TaintEffect.NO_SCHEDULE });
}

/** Whether the pod spec should carry `spec.os.name: windows` for this target. */
export function emitsPodOsField(profile: TargetProfile): boolean {
  return profile.kubernetesVersion.isAtLeast(POD_OS_FIELD_GA_MINOR);
}
