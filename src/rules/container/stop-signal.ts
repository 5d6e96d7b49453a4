import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { CONTAINER_STOP_SIGNALS_ALPHA_MINOR } from '../lib/releases';
import { containerLabel, isSet, show } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

/** The stop signals `validateStopSignal` accepts for Windows pods. */
const WINDOWS_STOP_SIGNALS = ['SIGTERM', 'SIGKILL'];

export const stopSignal: Rule = {
  name: 'stop-signal',
  severity: Severity.ERROR,
  summary: 'A container sets `lifecycle.stopSignal` to a signal Windows does not have, or on a Kubernetes without the field.',
  why: 'Windows stops a container with CTRL_SHUTDOWN_EVENT and then kills it: the API server accepts only SIGTERM and SIGKILL as the stop signal of a Windows pod (`validateStopSignal`). The field came in Kubernetes 1.33 behind the ContainerStopSignals feature gate, alpha and off by default through 1.37: with the gate off the API server drops the field, so the signal is never used.',
  remediation: 'Remove `lifecycle.stopSignal` (Windows sends CTRL_SHUTDOWN_EVENT, then kills the container after the grace period), or set `SIGTERM`.',
  docsUrl: DOCS.containers,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Kubernetes < 1.33: error (not a Pod field: strict decoding rejects it). 1.33 and newer: a signal other than SIGTERM or SIGKILL is an error (rejected with the gate on, dropped with it off); SIGTERM or SIGKILL is an info (dropped unless the cluster turns the alpha gate on).',
  sources: 'pkg/apis/core/validation/validation.go validateStopSignal (v1.33.13 … v1.37.2); pkg/api/pod/util.go dropContainerStopSignals (v1.37.2); pkg/features/kube_features.go ContainerStopSignals (v1.33.13 … v1.37.2); upstream validator answers at 1.27 (unknown field) and 1.37 (dropped by default, rejected with the gate)',
  admission: {
    unsupported: 'The API server drops `lifecycle.stopSignal` before admission policies see it unless the cluster turns the alpha ContainerStopSignals feature gate on, and where it is on the API server itself rejects a signal other than SIGTERM or SIGKILL in pods with `spec.os.name: windows`.',
  },
  checkPod: ({ containers, profile }) => containers.flatMap((location): Violation[] => {
    const signal = location.container.lifecycle?.stopSignal;
    if (!isSet(signal)) return [];
    const path = `${location.path}.lifecycle.stopSignal`;
    const sets = `${containerLabel(location)} sets lifecycle.stopSignal: ${show(signal)}`;
    if (!profile.kubernetesVersion.isAtLeast(CONTAINER_STOP_SIGNALS_ALPHA_MINOR)) {
      return [{ path, message: `${sets}, but the target is Kubernetes ${profile.kubernetesVersion}: the field exists from 1.33` }];
    }
    if (typeof signal !== 'string' || !WINDOWS_STOP_SIGNALS.includes(signal)) {
      return [{ path, message: `${sets}; Windows containers accept only SIGTERM and SIGKILL (rejected where the ContainerStopSignals gate is on, dropped where it is off)` }];
    }
    return [{ path, severity: Severity.INFO, message: `${sets}; ContainerStopSignals is alpha and off by default on Kubernetes ${profile.kubernetesVersion}, so the API server drops the field unless the cluster turns the gate on` }];
  }),
};
