import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KubernetesVersion, TargetProfile, WindowsDeployment, WindowsServerVersion } from '../src';

/**
 * An IIS site on Windows Server 2022 nodes with a log-shipping sidecar, exposed inside the
 * cluster. The site runs as ContainerAdministrator (IIS ServiceMonitor needs it) on its container
 * only; the sidecar runs as the pod's ContainerUser, non-root.
 */
export class IisAppChart extends Chart {
  public readonly deployment: WindowsDeployment;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    TargetProfile.configure(this, {
      kubernetesVersion: KubernetesVersion.V1_27,
      windowsServerVersion: WindowsServerVersion.WS2022,
    });

    this.deployment = new WindowsDeployment(this, 'iis', {
      replicas: 2,
      containers: [{
        name: 'iis',
        image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
        portNumber: 80,
        resources: {
          cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(1000) },
          memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
        },
        readiness: kplus.Probe.fromHttpGet('/', { port: 80 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 80 }),
      }, {
        name: 'logs',
        image: 'mcr.microsoft.com/windows/servercore:ltsc2022',
        securityContext: { ensureNonRoot: true },
        resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) } },
      }],
    });
    this.deployment.exposeViaService({ name: 'iis', ports: [{ port: 80, targetPort: 80 }] });
  }
}
