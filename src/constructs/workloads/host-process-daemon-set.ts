import { Construct } from 'constructs';
import { WindowsDaemonSet, WindowsDaemonSetProps } from './daemon-set';

/**
 * A DaemonSet of HostProcess pods: one node agent on every Windows node, running on the host as a
 * host account (by default `NT AUTHORITY\SYSTEM`) in the host network.
 */
export class WindowsHostProcessDaemonSet extends WindowsDaemonSet {
  constructor(scope: Construct, id: string, props: WindowsDaemonSetProps = {}) {
    if (props.hostProcess === false) {
      throw new Error(`WindowsHostProcessDaemonSet '${id}': hostProcess cannot be false; use WindowsDaemonSet for ordinary pods.`);
    }
    super(scope, id, { ...props, hostProcess: true });
  }
}
