import { WindowsTargetOptions } from '../../model/profile';
import { WindowsComplianceOptions } from '../../synthesis/compliance';
import { WindowsPlacementOptions } from '../placement';
import { WindowsRuntimeClass } from '../runtime-class';

/** The Windows user containers run as unless told otherwise: not an administrator. */
export const DEFAULT_RUN_AS_USER_NAME = 'ContainerUser';
/** The host account HostProcess containers run as unless told otherwise. */
export const DEFAULT_HOST_PROCESS_USER_NAME = 'NT AUTHORITY\\SYSTEM';

/** What every Windows workload adds to its cdk8s-plus props. */
export interface WindowsWorkloadOptions extends WindowsTargetOptions, WindowsPlacementOptions, WindowsComplianceOptions {
  /**
   * The Windows user every container runs as (`securityContext.windowsOptions.runAsUserName`).
   * `ContainerAdministrator` turns the non-root default off (IIS and servercore images need it).
   * @default - 'ContainerUser'; 'ContainerAdministrator' when a container runs an IIS, ASP.NET or
   * WCF image (mcr.microsoft.com/windows/servercore/iis, mcr.microsoft.com/dotnet/framework/aspnet
   * or wcf: their ServiceMonitor must control w3svc); 'NT AUTHORITY\\SYSTEM' for HostProcess pods
   */
  readonly runAsUserName?: string;

  /**
   * Run every container as a HostProcess container (Kubernetes 1.26+, 1.22+ with the feature
   * gate): on the host, in the host network, as a host account; the Windows answer to
   * privileged containers. Sets `windowsOptions.hostProcess` and `hostNetwork: true`.
   * @default false
   */
  readonly hostProcess?: boolean;

  /**
   * The RuntimeClass the pods use (`runtimeClassName`). The workload takes its placement from it
   * (the RuntimeClass brings the Windows toleration and build selector) and its isolation from
   * its handler: `WindowsRuntimeClass.hyperV(this)` gives Hyper-V isolation.
   * @default - the cluster's default runtime handler
   */
  readonly runtimeClass?: WindowsRuntimeClass;

  /**
   * The gMSA credential spec resource to run the pod's containers with
   * (`windowsOptions.gmsaCredentialSpecName`).
   * @default - no gMSA
   */
  readonly gmsaCredentialSpecName?: string;
}

