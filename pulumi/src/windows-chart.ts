import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';

/** Arguments of `WindowsChart`. */
export interface WindowsChartArgs {
  /**
   * The cdk8s app to deploy, or a function building it. Synthesized once, when the component is
   * created, with the library's synthesis-time checks: a Windows error throws there.
   */
  readonly app: App | (() => App);
  /**
   * A prefix for the names of the Pulumi resources of the objects.
   * @default - the component's name
   */
  readonly resourcePrefix?: string;
  /**
   * Do not wait for the objects to become ready.
   * @default false
   */
  readonly skipAwait?: boolean;
}

/**
 * A cdk8s app (e.g. of `WindowsDeployment`s) deployed by Pulumi: synthesized with
 * `app.synthYaml()` and deployed as a `k8s.yaml.v2.ConfigGroup`, so its objects are Pulumi
 * resources of their own types beside the program's other resources (and the Windows policy pack
 * checks them with the rest). Pass a Kubernetes provider with `provider` (or `providers`).
 */
export class WindowsChart extends pulumi.ComponentResource {
  /** The YAML the app synthesized (every chart, in order). */
  public readonly yaml: string;
  /** The Kubernetes resources of the objects. */
  public readonly resources: pulumi.Output<any[]>;

  /**
   * @param name the component's name
   * @param args the app and how to deploy it
   * @param opts resource options; the Kubernetes provider is passed to the ConfigGroup
   */
  constructor(name: string, args: WindowsChartArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('cdk8s-windows:index:WindowsChart', name, {}, opts);
    const app = typeof args.app === 'function' ? args.app() : args.app;
    this.yaml = app.synthYaml();
    const group = new k8s.yaml.v2.ConfigGroup(name, {
      yaml: this.yaml,
      resourcePrefix: args.resourcePrefix,
      skipAwait: args.skipAwait,
    }, { parent: this });
    this.resources = group.resources;
    this.registerOutputs({ resources: this.resources });
  }
}
