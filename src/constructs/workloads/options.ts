import * as kplus from 'cdk8s-plus-27';
import { WindowsTargetOptions } from '../../model/profile';
import { WindowsComplianceOptions } from '../../synthesis/compliance';
import { GmsaCredentialSpec } from '../gmsa-credential-spec';
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

  /**
   * The gMSA credential spec the pods run with: sets `windowsOptions.gmsaCredentialSpecName` to its
   * name and lets the workload's ServiceAccount `use` it (`GmsaCredentialSpec.grant`: a RoleBinding
   * in the workload's namespace), which the gMSA admission webhook requires.
   * @default - no gMSA, unless `gmsaCredentialSpecName` names one
   */
  readonly gmsa?: GmsaCredentialSpec;

  // The props below are cdk8s-plus's, declared again so that their documentation states the
  // Windows defaults (what the Windows pod treatment does differently from cdk8s-plus).

  /**
   * The pod's security context. On a Windows workload `ensureNonRoot` comes with
   * `windowsOptions.runAsUserName` (see `runAsUserName`) and cdk8s-plus's `fsGroupChangePolicy:
   * Always` is left out (Windows rejects it); a `fsGroupChangePolicy`, `user`, `group` or
   * `sysctls` set here stays and fails synthesis with the rule that says why.
   * @default - ensureNonRoot: true, left out for ContainerAdministrator and HostProcess pods; no fsGroupChangePolicy
   */
  readonly securityContext?: kplus.PodSecurityContextProps;

  /**
   * The containers. On a Windows workload cdk8s-plus's container securityContext defaults
   * (`privileged: false`, `readOnlyRootFilesystem: true`, `allowPrivilegeEscalation: false`,
   * `ensureNonRoot: true`) are left out unless set here, and the memory request equals the memory
   * limit unless `resources` is set (Windows has no OOM killer). A value set here stays, even
   * one equal to the cdk8s-plus default, and fails synthesis when Windows rejects it.
   * @default - no containers; each container's resources default to cdk8s-plus's limits (cpu 1500m, memory 2048Mi) with requests cpu 1000m and memory 2048Mi
   */
  readonly containers?: kplus.ContainerProps[];

  /**
   * The init containers, treated as `containers` are.
   * @default - no init containers
   */
  readonly initContainers?: kplus.ContainerProps[];

  /**
   * Whether the pods use the host network. Windows pods other than HostProcess pods get no host
   * network (the `no-host-network` rule says what each Kubernetes release does with it).
   * @default - false; true for HostProcess pods (`hostProcess: true`), which require it
   */
  readonly hostNetwork?: boolean;
}

