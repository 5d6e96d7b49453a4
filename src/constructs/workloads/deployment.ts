import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsWorkloadOptions } from './options';
import { WindowsPodTreatment } from './windows-pod-treatment';
import { TargetProfile } from '../../model/profile';
import { exposeViaWindowsService } from '../service';

/** Props of a `WindowsDeployment`: everything a cdk8s-plus Deployment takes, and the Windows options. */
export interface WindowsDeploymentProps extends kplus.DeploymentProps, WindowsWorkloadOptions {}

/**
 * A cdk8s-plus Deployment whose pods run on Windows nodes: Windows placement, Windows security
 * defaults, no Linux-only fields, and the Windows rules enforced at synthesis.
 *
 * @example
 * TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022 });
 * const site = new WindowsDeployment(chart, 'site', {
 *   containers: [{ image: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', portNumber: 8080 }],
 * });
 * site.exposeViaService();
 */
export class WindowsDeployment extends kplus.Deployment {
  /** The target this Deployment was built for. */
  public readonly profile: TargetProfile;
  private readonly windows: WindowsPodTreatment;

  constructor(scope: Construct, id: string, props: WindowsDeploymentProps = {}) {
    super(scope, id, props);
    this.windows = WindowsPodTreatment.apply(this, props);
    this.profile = this.windows.profile;
  }

  /** Exposes the Deployment through a `WindowsService` (returned as its cdk8s-plus type). */
  public exposeViaService(options: kplus.DeploymentExposeViaServiceOptions = {}): kplus.Service {
    return exposeViaWindowsService(this, this.profile, options);
  }

  // The overrides below run during super() too, before `windows` exists: apply() treats those.
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.windows ? this.windows.addContainer(cont, () => super.addContainer(cont)) : super.addContainer(cont);
  }

  public attachContainer(cont: kplus.Container): void {
    this.windows?.beforeAttach(this, cont);
    super.attachContainer(cont);
    this.windows?.containerAttached(cont, this.containers.length - 1);
  }

  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(cont);
    this.windows?.treatContainer('initContainers', this.initContainers.length - 1, container, cont);
    return container;
  }
}
