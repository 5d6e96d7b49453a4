import { Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KubernetesVersion, TargetProfile, WindowsDeployment, WindowsServerVersion } from '../src';

/** An IIS site on Windows Server 2022 nodes, exposed inside the cluster. */
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
      // IIS runs its worker processes as the container administrator.
      runAsUserName: 'ContainerAdministrator',
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
      }],
    });
    this.deployment.exposeViaService({ name: 'iis', ports: [{ port: 80, targetPort: 80 }] });
  }
}
