import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { TargetProfile, WindowsJob, WindowsRuntimeClass, WindowsServerVersion } from '../src';

/** A batch job in Hyper-V isolation: a 2019 image on Windows Server 2022 nodes. */
export class HyperVJobChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    TargetProfile.configure(this, { windowsServerVersion: WindowsServerVersion.WS2022 });
    new WindowsJob(this, 'report', {
      runtimeClass: WindowsRuntimeClass.hyperV(this),
      restartPolicy: kplus.RestartPolicy.NEVER,
      containers: [{
        name: 'report',
        image: 'mcr.microsoft.com/dotnet/framework/runtime:4.8-windowsservercore-ltsc2019',
        command: ['cmd', '/c', 'echo monthly report'],
      }],
    });
  }
}
