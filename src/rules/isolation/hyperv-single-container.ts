import { Severity } from '../../model/finding';
import { HYPERV_ISOLATION_ANNOTATION } from '../../model/windows';
import { legacyHyperVAnnotationCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { legacyHyperVAnnotation } from '../lib/hyperv';
import { HostProcessPods, Rule } from '../rule';

export const hypervSingleContainer: Rule = {
  name: 'hyperv-single-container',
  severity: Severity.ERROR,
  summary: `A pod asks for Hyper-V isolation with the legacy annotation \`${HYPERV_ISOLATION_ANNOTATION}: hyperv\` and has more than one container.`,
  why: 'The legacy Hyper-V annotation was honoured only by dockershim (Docker EE) with the alpha HyperVContainer feature gate (Kubernetes 1.10 to 1.20), and only for one container per pod: each container got its own utility VM and IP address, and the pod IP was the first container\'s.',
  remediation: 'Use a RuntimeClass whose handler is `runhcs-wcow-hypervisor` (containerd 1.7+; `HyperVIsolatedPod` in RuntimeClass mode: containerd-specific and experimental, since upstream Kubernetes does not support Hyper-V isolated containers) and remove the annotation; on a cluster of Kubernetes 1.20 or older that uses the annotation, split the pod so each has one container.',
  docsUrl: DOCS.windowsNodes,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Only pods (templates) with the annotation and more than one container (`containers`; init containers run before and are not counted). Whether the target honours the annotation at all is `hyperv-annotation-ignored`.',
  sources: 'the upstream Windows support overview of Kubernetes 1.14/1.15 (one container per pod with the annotation); kubernetes.io concepts/windows/intro #windows-nodes-in-kubernetes (1.27 and newest docs)',
  admission: {
    checks: () => [{
      expression: `!(${legacyHyperVAnnotationCel(V.meta)} && has(${V.spec}.containers) && size(${V.spec}.containers) > 1)`,
      messageExpression: `'pod asks for Hyper-V isolation with the ${HYPERV_ISOLATION_ANNOTATION} annotation but has ' + string(size(${V.spec}.containers)) + ' containers (' + ${V.spec}.containers.map(c, c.name).join(', ') + ')'`,
    }],
  },
  checkPod: ({ pod }) => {
    if (!legacyHyperVAnnotation(pod)) return [];
    const containers = Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
    if (containers.length <= 1) return [];
    const names = containers.map((c: any) => `'${c?.name}'`).join(', ');
    return [{
      path: `${pod.path}.containers`,
      message: `pod asks for Hyper-V isolation with the ${HYPERV_ISOLATION_ANNOTATION} annotation but has ${containers.length} containers (${names})`,
    }];
  },
};
