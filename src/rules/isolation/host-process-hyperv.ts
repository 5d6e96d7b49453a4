import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { hostProcessPodOf } from '../lib/host-process';
import { hyperVRuntimeClass, legacyHyperVAnnotation } from '../lib/hyperv';
import { HostProcessPods, Rule, Violation } from '../rule';

export const hostProcessHyperV: Rule = {
  name: 'host-process-hyperv',
  severity: Severity.ERROR,
  summary: 'A pod with HostProcess containers asks for Hyper-V isolation (a RuntimeClass with the Hyper-V handler, or the legacy annotation).',
  why: 'HostProcess containers run directly on the host, with the host\'s network and file system; a Hyper-V isolated pod runs in its own utility VM. The two cannot be combined: the runtime cannot start a HostProcess container inside a utility VM.',
  remediation: 'Run the HostProcess pod with the default (process) runtime handler: remove its `runtimeClassName` (or use a RuntimeClass with the `runhcs-wcow-process` handler) and the isolation annotation.',
  docsUrl: DOCS.hostProcess,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Pods with a HostProcess container whose RuntimeClass, among the objects checked together, has the `runhcs-wcow-hypervisor` handler, or that carry `experimental.windows.kubernetes.io/isolation-type: hyperv`.',
  sources: 'kubernetes.io tasks/configure-pod-container/create-hostprocess-pod (1.27 and newest docs: HostProcess containers run on the host); kubernetes.io concepts/windows/intro #windows-nodes-in-kubernetes (Hyper-V isolation runs a utility VM)',
  admission: {
    unsupported: 'Whether a RuntimeClass isolates with Hyper-V is its handler, in the RuntimeClass object, which a policy on the pod cannot read.',
  },
  checkPod: ({ pod, containers, objects }) => {
    const hostProcessPod = hostProcessPodOf(pod, containers);
    if (!hostProcessPod) return [];
    const violations: Violation[] = [];
    const runtimeClass = hyperVRuntimeClass(pod, objects);
    if (runtimeClass) {
      violations.push({ path: `${pod.path}.runtimeClassName`, message: `${hostProcessPod.source}, but the pod runs with RuntimeClass ${JSON.stringify(runtimeClass)}, whose handler is Hyper-V isolated` });
    }
    const annotation = legacyHyperVAnnotation(pod);
    if (annotation) {
      violations.push({ path: annotation.path, message: `${hostProcessPod.source}, but the pod asks for Hyper-V isolation with the legacy annotation` });
    }
    return violations;
  },
};
