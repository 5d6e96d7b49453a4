import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsCompliance } from '../check/compliance';
import { WindowsWorkloadOptions } from './options';
import { WindowsPodTemplate } from '../pod-template';
import { TargetProfile } from '../profile';

/** Props of a `WindowsDeployment`: everything a cdk8s-plus Deployment takes, and the Windows options. */
export interface WindowsDeploymentProps extends kplus.DeploymentProps, WindowsWorkloadOptions {}

/**
 * A cdk8s-plus Deployment whose pods run on Windows nodes: Windows placement, Windows security
 * defaults, no Linux-only fields, and the Windows rules enforced at synthesis.
 */
export class WindowsDeployment extends kplus.Deployment {
  /** The target this Deployment was built for. */
  public readonly profile: TargetProfile;
  private readonly windows: WindowsPodTemplate;
  private pendingContainerProps?: kplus.ContainerProps;

  constructor(scope: Construct, id: string, props: WindowsDeploymentProps = {}) {
    super(scope, id, props);
    this.profile = TargetProfile.resolve(this, props);
    this.windows = new WindowsPodTemplate(ApiObject.of(this), this.profile);
    this.windows.treatPod(this.scheduling, props);
    // cdk8s-plus added these during super(), before the Windows treatment existed.
    props.containers?.forEach((c, i) => this.windows.treatContainer('containers', i, this.containers[i], c));
    props.initContainers?.forEach((c, i) => this.windows.treatContainer('initContainers', i, this.initContainers[i], c));
    WindowsCompliance.enforce(this, this.profile, props);
  }

  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    this.pendingContainerProps = cont;
    try {
      return super.addContainer(cont);
    } finally {
      this.pendingContainerProps = undefined;
    }
  }

  public attachContainer(cont: kplus.Container): void {
    super.attachContainer(cont);
    this.windows?.treatContainer('containers', this.containers.length - 1, cont, this.pendingContainerProps);
  }

  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(cont);
    this.windows?.treatContainer('initContainers', this.initContainers.length - 1, container, cont);
    return container;
  }
}
