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

/**
 * A container of a Windows workload: cdk8s-plus's container props and the Windows account the
 * container runs as.
 *
 * Pass it in the workload's `containers` or `initContainers`, or to `addContainer` /
 * `addInitContainer`, from TypeScript or JavaScript. From Python, Java, C# and Go those take
 * cdk8s-plus's `ContainerProps`, which does not carry `runAsUserName` across: use
 * `addWindowsContainer` / `addWindowsInitContainer`, which take this type.
 */
export interface WindowsContainerProps extends kplus.ContainerProps {
  /**
   * The Windows user this container runs as (its own `securityContext.windowsOptions.runAsUserName`,
   * which overrides the pod's `runAsUserName` for it). `ContainerAdministrator` is never non-root:
   * when the pod's `runAsNonRoot: true` is the default, the container gets `runAsNonRoot: false`
   * of its own; with an explicit `ensureNonRoot: true` (the container's or the pod's) synthesis
   * fails with `run-as-non-root-conflict`.
   * @default - 'ContainerAdministrator' for an IIS, ASP.NET or WCF image
   * (mcr.microsoft.com/windows/servercore/iis, mcr.microsoft.com/dotnet/framework/aspnet or wcf:
   * their ServiceMonitor must control w3svc) unless the pod's `runAsUserName` or an
   * `ensureNonRoot: true` (the container's or the pod's) is set; otherwise none: the container
   * runs as the pod's user
   */
  readonly runAsUserName?: string;
}

/** What every Windows workload adds to its cdk8s-plus props. */
export interface WindowsWorkloadOptions extends WindowsTargetOptions, WindowsPlacementOptions, WindowsComplianceOptions {
  /**
   * The Windows user the pod's containers run as (the pod's
   * `securityContext.windowsOptions.runAsUserName`); a container's own `runAsUserName`
   * (`WindowsContainerProps`) overrides it for that container. `ContainerAdministrator` turns the
   * pod's non-root default off. Set here, it also holds for IIS, ASP.NET and WCF containers (which
   * otherwise run as ContainerAdministrator: the `image-needs-administrator` rule warns when they
   * cannot).
   * @default - 'ContainerUser'; 'NT AUTHORITY\\SYSTEM' for HostProcess pods. IIS, ASP.NET and
   * WCF containers get 'ContainerAdministrator' on the container, not the pod (see
   * `WindowsContainerProps.runAsUserName`)
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
   * `sysctls` set here stays and fails synthesis with the rule that says why. An explicit
   * `ensureNonRoot: true` keeps IIS, ASP.NET and WCF containers from defaulting to
   * ContainerAdministrator.
   * @default - ensureNonRoot: true (containers that run as ContainerAdministrator get their own
   * runAsNonRoot: false), left out for ContainerAdministrator and HostProcess pods; no fsGroupChangePolicy
   */
  readonly securityContext?: kplus.PodSecurityContextProps;

  /**
   * The containers. On a Windows workload cdk8s-plus's container securityContext defaults
   * (`privileged: false`, `readOnlyRootFilesystem: true`, `allowPrivilegeEscalation: false`,
   * `ensureNonRoot: true`) are left out unless set here, and the memory request equals the memory
   * limit unless `resources` is set. A value set here stays, even one equal to the cdk8s-plus
   * default, and fails synthesis when Windows rejects it. An entry may be a
   * `WindowsContainerProps` with the container's own `runAsUserName` (from TypeScript and
   * JavaScript; other languages use `addWindowsContainer`).
   *
   * Memory: on Windows the limit is a hard cap on the container's committed memory (its job
   * object), and the request only reserves room on the node; a node whose limits exceed its memory
   * pages to disk, slowing every pod, since Windows neither OOM-kills nor evicts. So the request
   * equals the limit, and both keep cdk8s-plus's 2048Mi limit: lowering the limit to cdk8s-plus's
   * 512Mi request would make allocations fail in containers cdk8s-plus lets grow to 2 GiB, a
   * failure at run time that synthesis cannot see, where a reservation too large for a node
   * leaves the pod Pending with "Insufficient memory". Give small containers (log shippers,
   * sidecars) their own `resources`.
   * @default - no containers; each container's resources default to cdk8s-plus's limits (cpu 1500m, memory 2048Mi) with requests cpu 1000m and memory 2048Mi (the limit)
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

