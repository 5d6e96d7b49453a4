import { WindowsComplianceOptions } from '../check/compliance';
import { WindowsPlacementOptions } from '../placement';
import { WindowsTargetOptions } from '../profile';

/** The Windows user containers run as unless told otherwise: not an administrator. */
export const DEFAULT_RUN_AS_USER_NAME = 'ContainerUser';

/** What every Windows workload adds to its cdk8s-plus props. */
export interface WindowsWorkloadOptions extends WindowsTargetOptions, WindowsPlacementOptions, WindowsComplianceOptions {
  /**
   * The Windows user every container runs as (`securityContext.windowsOptions.runAsUserName`).
   * `ContainerAdministrator` turns the non-root default off (IIS and servercore images need it).
   * @default 'ContainerUser'
   */
  readonly runAsUserName?: string;

  /**
   * The gMSA credential spec resource to run the pod's containers with
   * (`windowsOptions.gmsaCredentialSpecName`).
   * @default - no gMSA
   */
  readonly gmsaCredentialSpecName?: string;
}

