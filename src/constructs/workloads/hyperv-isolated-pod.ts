import { Construct } from 'constructs';
import { WindowsPod, WindowsPodProps } from './pod';
import { Isolation, TargetProfile } from '../../model/profile';
import { HYPERV_GATE_REMOVED_MINOR, HYPERV_ISOLATION_ANNOTATION, HYPERV_ISOLATION_VALUE } from '../../model/windows';
import { WindowsRuntimeClass } from '../runtime-class';

/** The pod annotation that asked Docker EE for Hyper-V isolation (Kubernetes 1.10 to 1.20). */
export const LEGACY_HYPERV_ANNOTATION: string = HYPERV_ISOLATION_ANNOTATION;

/** How a pod asks for Hyper-V isolation. */
export enum HyperVMode {
  /** A RuntimeClass whose handler is `runhcs-wcow-hypervisor` (containerd 1.7+): today's way. */
  RUNTIME_CLASS = 'runtime-class',
  /**
   * The pod annotation `experimental.windows.kubernetes.io/isolation-type: hyperv` with the
   * `HyperVContainer` feature gate: Kubernetes 1.20 and older, one container per pod.
   */
  LEGACY_ANNOTATION = 'legacy-annotation',
}

/** Props of a `HyperVIsolatedPod`. */
export interface HyperVIsolatedPodProps extends WindowsPodProps {
  /**
   * How the pod asks for Hyper-V isolation.
   * @default - RUNTIME_CLASS from Kubernetes 1.21; LEGACY_ANNOTATION before
   */
  readonly mode?: HyperVMode;
}

/**
 * A Windows pod in its own utility VM (Hyper-V isolation): it may run an image older than the
 * host's build, never a newer one.
 *
 * Experimental: upstream Kubernetes does not support Hyper-V isolated containers (its Windows
 * pages say so). The RuntimeClass mode relies on containerd's `runhcs-wcow-hypervisor` handler
 * (containerd 1.7+), which Kubernetes passes through without testing it; the legacy annotation
 * mode only ever worked with dockershim on Kubernetes 1.20 and older.
 */
export class HyperVIsolatedPod extends WindowsPod {
  /** How this pod asks for Hyper-V isolation. */
  public readonly mode: HyperVMode;

  constructor(scope: Construct, id: string, props: HyperVIsolatedPodProps = {}) {
    const target = TargetProfile.resolve(scope, props);
    const gateRemoved = target.kubernetesVersion.isAtLeast(HYPERV_GATE_REMOVED_MINOR);
    const mode = props.mode ?? (gateRemoved ? HyperVMode.RUNTIME_CLASS : HyperVMode.LEGACY_ANNOTATION);
    if (mode === HyperVMode.LEGACY_ANNOTATION && gateRemoved) {
      throw new Error(`HyperVIsolatedPod '${id}': the legacy Hyper-V annotation needs Kubernetes 1.20 or older (the HyperVContainer feature gate was removed in 1.21), but the target is ${target.kubernetesVersion}. Use HyperVMode.RUNTIME_CLASS.`);
    }
    if (props.isolation !== undefined && props.isolation !== Isolation.HYPERV) {
      throw new Error(`HyperVIsolatedPod '${id}': isolation ${props.isolation} contradicts Hyper-V isolation; remove \`isolation\` or use WindowsPod for a process-isolated pod.`);
    }
    if (props.hostProcess) {
      throw new Error(`HyperVIsolatedPod '${id}': HostProcess containers run on the host and cannot be Hyper-V isolated; use WindowsHostProcessDaemonSet or a WindowsPod with hostProcess.`);
    }
    if (mode === HyperVMode.RUNTIME_CLASS && props.runtimeClass && props.runtimeClass.handler.isolation !== Isolation.HYPERV) {
      throw new Error(`HyperVIsolatedPod '${id}': RuntimeClass '${props.runtimeClass.name}' uses handler '${props.runtimeClass.handler.name}', which is not Hyper-V isolated.`);
    }
    const runtimeClass = mode === HyperVMode.RUNTIME_CLASS ? props.runtimeClass ?? WindowsRuntimeClass.hyperV(scope) : undefined;
    super(scope, id, { ...props, isolation: Isolation.HYPERV, runtimeClass });
    this.mode = mode;
    if (mode === HyperVMode.LEGACY_ANNOTATION) {
      this.metadata.addAnnotation(LEGACY_HYPERV_ANNOTATION, HYPERV_ISOLATION_VALUE);
    }
  }
}
