import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsContainerProps, WindowsWorkloadOptions } from './options';
import { WindowsPodTreatment } from './windows-pod-treatment';
import { TargetProfile } from '../../model/profile';

/** Props of a `WindowsDaemonSet`: everything a cdk8s-plus DaemonSet takes, and the Windows options. */
export interface WindowsDaemonSetProps extends kplus.DaemonSetProps, WindowsWorkloadOptions {}

/**
 * A cdk8s-plus DaemonSet whose pods run on Windows nodes: Windows placement, Windows security
 * defaults, no Linux-only fields, and the Windows rules enforced at synthesis.
 */
export class WindowsDaemonSet extends kplus.DaemonSet {
  /** The target this DaemonSet was built for. */
  public readonly profile: TargetProfile;
  private readonly windows: WindowsPodTreatment;

  constructor(scope: Construct, id: string, props: WindowsDaemonSetProps = {}) {
    super(scope, id, props);
    this.windows = WindowsPodTreatment.apply(this, props);
    this.profile = this.windows.profile;
  }

  // The overrides below run during super() too, before `windows` exists: apply() treats those.
  /**
   * Adds a container, with the Windows treatment. In TypeScript and JavaScript `cont` may be a
   * `WindowsContainerProps` (the container's own `runAsUserName`); from other languages use
   * `addWindowsContainer`.
   */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return this.windows ? this.windows.addContainer(cont, () => super.addContainer(cont)) : super.addContainer(cont);
  }

  public attachContainer(cont: kplus.Container): void {
    this.windows?.beforeAttach(this, cont);
    super.attachContainer(cont);
    this.windows?.containerAttached(cont, this.containers.length - 1);
  }

  /**
   * Adds an init container, with the Windows treatment. In TypeScript and JavaScript `cont` may be
   * a `WindowsContainerProps`; from other languages use `addWindowsInitContainer`.
   */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(cont);
    this.windows?.treatContainer('initContainers', this.initContainers.length - 1, container, cont);
    return container;
  }

  /** Adds a container with its own Windows account (`runAsUserName`): `addContainer` with the Windows container props. */
  public addWindowsContainer(cont: WindowsContainerProps): kplus.Container {
    return this.addContainer(cont);
  }

  /** Adds an init container with its own Windows account (`runAsUserName`): `addInitContainer` with the Windows container props. */
  public addWindowsInitContainer(cont: WindowsContainerProps): kplus.Container {
    return this.addInitContainer(cont);
  }
}
