import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { JsonObject } from '../model/manifest';
import { TargetProfile, WindowsTargetOptions } from '../model/profile';
import { addRelatedManifests, WindowsCompliance, WindowsComplianceOptions } from '../synthesis/compliance';
import { Render } from '../synthesis/validation-pass';

/** An IP family of a Service. */
export enum IpFamily {
  /** IPv4. */
  IPV4 = 'IPv4',
  /** IPv6: on Windows only as part of dual-stack. */
  IPV6 = 'IPv6',
}

/** How a Service uses IP families. */
export enum IpFamilyPolicy {
  /** One family. */
  SINGLE_STACK = 'SingleStack',
  /** Both families where the cluster has them. */
  PREFER_DUAL_STACK = 'PreferDualStack',
  /** Both families, or fail. */
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/** Where external traffic to a NodePort or LoadBalancer Service is routed. */
export enum ExternalTrafficPolicy {
  /** To any ready endpoint in the cluster. */
  CLUSTER = 'Cluster',
  /** Only to endpoints on the receiving node (needs DSR on Windows). */
  LOCAL = 'Local',
}

/** Client affinity of a Service. */
export enum SessionAffinity {
  /** No affinity. */
  NONE = 'None',
  /** Requests of one client IP go to one endpoint (Windows Server 2022 and newer). */
  CLIENT_IP = 'ClientIP',
}

/** Props of a `WindowsService`: a cdk8s-plus Service, the Windows-relevant Service fields, and the target. */
export interface WindowsServiceProps extends kplus.ServiceProps, WindowsTargetOptions, WindowsComplianceOptions {
  /**
   * The IP families of the Service.
   * @default - the cluster's default (IPv4)
   */
  readonly ipFamilies?: IpFamily[];

  /**
   * How the Service uses IP families.
   * @default - SingleStack, the cluster's default
   */
  readonly ipFamilyPolicy?: IpFamilyPolicy;

  /**
   * Where external traffic is routed (NodePort and LoadBalancer Services).
   * @default - Cluster
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  /**
   * Client affinity.
   * @default - None
   */
  readonly sessionAffinity?: SessionAffinity;
}

/**
 * A cdk8s-plus Service in front of Windows pods, with the Windows Service rules (IPv6
 * single-stack, Local traffic policy, ClientIP affinity before 2022, node-local access, more
 * than 64 backends) enforced at synthesis.
 */
export class WindowsService extends kplus.Service {
  /** The target this Service was built for. */
  public readonly profile: TargetProfile;

  constructor(scope: Construct, id: string, props: WindowsServiceProps = {}) {
    super(scope, id, props);
    this.profile = TargetProfile.resolve(this, props);
    const fields: { [field: string]: unknown } = {
      ipFamilies: props.ipFamilies,
      ipFamilyPolicy: props.ipFamilyPolicy,
      externalTrafficPolicy: props.externalTrafficPolicy,
      sessionAffinity: props.sessionAffinity,
    };
    for (const [field, value] of Object.entries(fields)) {
      if (value !== undefined) ApiObject.of(this).addJsonPatch(JsonPatch.add(`/spec/${field}`, value));
    }
    WindowsCompliance.enforce(this, this.profile, props);
    // cdk8s-plus selected this during super(), before the Service could record it.
    if (props.selector) this.recordSelected(props.selector);
  }

  /** Selects the pods of `selector`; the Service rules see its manifest (e.g. its replicas). */
  public select(selector: kplus.IPodSelector): void {
    super.select(selector);
    if (this.profile) this.recordSelected(selector);
  }

  private recordSelected(selector: kplus.IPodSelector): void {
    if (Construct.isConstruct(selector)) addRelatedManifests(this, render => selectedManifests(selector, render));
  }
}

/**
 * What the Service rules need of a selected workload: its kind, name, pod labels and replicas.
 * Built from the cdk8s-plus object where it can be (rendering it again would cost a full
 * synthesis of the workload per Service), else rendered.
 */
function selectedManifests(selected: Construct, render: Render): JsonObject[] {
  const metadata = (o: kplus.AbstractPod) => ({ name: o.name, namespace: o.metadata.namespace });
  if (selected instanceof kplus.Pod) {
    return [{ apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata(selected), labels: selected.podMetadata.toJson().labels }, spec: {} }];
  }
  if ((selected instanceof kplus.Deployment || selected instanceof kplus.StatefulSet) && !selected.hasAutoscaler) {
    return [{
      apiVersion: 'apps/v1',
      kind: selected instanceof kplus.Deployment ? 'Deployment' : 'StatefulSet',
      metadata: metadata(selected),
      spec: { replicas: selected.replicas ?? 2, template: { metadata: { labels: selected.podMetadata.toJson().labels }, spec: {} } },
    }];
  }
  return selected.node.findAll().filter(ApiObject.isApiObject).map(render);
}

/**
 * Exposes a Windows workload through a `WindowsService`, built as cdk8s-plus's
 * `Deployment.exposeViaService` builds its Service (same ports, checks, messages, id and name;
 * cdk8s-plus-27 lib/deployment.js), so that no plain Service is built and thrown away.
 */
export function exposeViaWindowsService(workload: kplus.Deployment, profile: TargetProfile,
  options: kplus.DeploymentExposeViaServiceOptions): WindowsService {
  const containerPorts = workload.containers.flatMap(c => c.ports);
  const ports = options.ports ?? containerPorts.map(p => ({ port: p.number, targetPort: p.number, protocol: p.protocol, name: p.name }));
  const cannotExpose = `Unable to expose deployment ${workload.name} via a service: `;
  if (ports.length === 0) {
    throw new Error(cannotExpose + 'Deployment port cannot be determined.'
      + 'Either pass \'ports\', or configure ports on the containers of the deployment');
  }
  if (ports.length > 1 && ports.some(p => p.name === undefined)) {
    throw new Error(cannotExpose + 'When using multiple ports for a service, all ports must have port names so they are unambiguous.');
  }
  for (const port of ports) {
    const targetPort = port.targetPort ?? port.port;
    if (!containerPorts.some(p => p.number === targetPort)) throw new Error(cannotExpose + `Port ${targetPort} is not exposed by any container`);
  }
  return new WindowsService(workload, `${options.name ?? ''}Service`, {
    metadata: { namespace: workload.metadata.namespace, ...(options.name ? { name: options.name } : {}) },
    selector: workload,
    ports,
    type: options.serviceType ?? kplus.ServiceType.CLUSTER_IP,
    kubernetesVersion: profile.kubernetesVersion,
    windowsServerVersion: profile.windowsServerVersion,
    runtime: profile.runtime,
    isolation: profile.isolation,
  });
}
