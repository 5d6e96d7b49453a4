import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsHostProcessDaemonSet } from '../src';

/** A node agent on every Windows node: a HostProcess DaemonSet that reads the host's logs. */
export class NodeAgentChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    new WindowsHostProcessDaemonSet(this, 'log-agent', {
      // HostProcess pods run as a host account; this one needs no more than LOCAL SERVICE.
      runAsUserName: 'NT AUTHORITY\\Local service',
      containers: [{
        name: 'agent',
        image: 'contoso.azurecr.io/log-agent:2.4.0',
        command: ['powershell.exe', '-File', 'C:\\hpc\\agent.ps1'],
        envVariables: { LOG_ROOT: kplus.EnvValue.fromValue('C:\\Windows\\Logs') },
      }],
    });
  }
}
