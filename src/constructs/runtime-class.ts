import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_WINDOWS_TAINT, OS_LABEL, tolerationJson, WINDOWS_BUILD_LABEL, WindowsPlacementOptions } from './placement';
import { Isolation, WindowsServerVersion } from '../model/profile';
import { HYPERV_RUNTIME_HANDLER, PROCESS_RUNTIME_HANDLER } from '../model/windows';

/** The containerd runtime handler a RuntimeClass names. */
export class RuntimeHandler {
  /** Process isolation: containerd's default Windows handler. */
  public static readonly PROCESS = new RuntimeHandler(PROCESS_RUNTIME_HANDLER, Isolation.PROCESS);
  /** Hyper-V isolation (containerd 1.7+). */
  public static readonly HYPERV = new RuntimeHandler(HYPERV_RUNTIME_HANDLER, Isolation.HYPERV);

  /**
   * A handler configured on the nodes under another name.
   * @param name the handler name in the containerd configuration
   * @param isolation the isolation the handler gives
   */
  public static custom(name: string, isolation: Isolation): RuntimeHandler {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw new Error(`Invalid runtime handler '${name}': a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters).`);
    }
    return new RuntimeHandler(name, isolation);
  }

  private constructor(
    /** The handler name. */
    public readonly name: string,
    /** The isolation it gives. */
    public readonly isolation: Isolation) {}

  /** `runhcs-wcow-hypervisor (hyperv isolation)`. */
  public toString(): string {
    return `${this.name} (${this.isolation} isolation)`;
  }
}

/** Props of a `WindowsRuntimeClass`. */
export interface WindowsRuntimeClassProps extends WindowsPlacementOptions {
  /**
   * Metadata; the name is the `runtimeClassName` pods use.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The runtime handler.
   * @default RuntimeHandler.PROCESS
   */
  readonly handler?: RuntimeHandler;

  /**
   * The Windows Server version of the nodes it schedules onto (`node.kubernetes.io/windows-build`).
   * @default - any Windows build
   */
  readonly windowsServerVersion?: WindowsServerVersion;

  /**
   * The CPU architecture of the nodes (`kubernetes.io/arch`).
   * @default 'amd64'
   */
  readonly arch?: string;
}

/**
 * A RuntimeClass (node.k8s.io/v1) for Windows nodes: a handler and the scheduling (os, arch,
 * windows-build selector and the Windows toleration) that the RuntimeClass admission controller
 * merges into every pod that uses it.
 */
export class WindowsRuntimeClass extends Construct {
  /**
   * The chart's shared Hyper-V RuntimeClass (created on first use). Hyper-V isolation is
   * containerd-specific and experimental: upstream Kubernetes does not support it.
   * @param scope any construct in the chart
   *
   * @example
   * new WindowsDeployment(chart, 'legacy', {
   *   runtimeClass: WindowsRuntimeClass.hyperV(chart),
   *   containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2019' }],
   * });
   */
  public static hyperV(scope: Construct): WindowsRuntimeClass {
    const chart = Chart.of(scope);
    const id = 'WindowsHyperVRuntimeClass';
    return (chart.node.tryFindChild(id) as WindowsRuntimeClass | undefined)
      ?? new WindowsRuntimeClass(chart, id, { handler: RuntimeHandler.HYPERV, metadata: { name: 'windows-hyperv' } });
  }

  /** The name pods put in `runtimeClassName`. */
  public readonly name: string;
  /** The runtime handler. */
  public readonly handler: RuntimeHandler;
  /** The Windows Server version it pins, if any. */
  public readonly windowsServerVersion?: WindowsServerVersion;
  /** The underlying API object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: WindowsRuntimeClassProps = {}) {
    super(scope, id);
    this.handler = props.handler ?? RuntimeHandler.PROCESS;
    this.windowsServerVersion = props.windowsServerVersion;
    const nodeSelector: { [label: string]: string } = { [OS_LABEL]: 'windows', 'kubernetes.io/arch': props.arch ?? 'amd64' };
    if (props.windowsServerVersion) nodeSelector[WINDOWS_BUILD_LABEL] = props.windowsServerVersion.buildLabel;
    const tolerations = (props.tolerateWindowsTaint ?? true) ? [tolerationJson(props.windowsTaint ?? DEFAULT_WINDOWS_TAINT)] : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: props.metadata,
      handler: this.handler.name,
      scheduling: { nodeSelector, tolerations },
    });
    this.name = this.apiObject.name;
  }
}
