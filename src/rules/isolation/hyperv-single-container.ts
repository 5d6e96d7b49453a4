import { Severity } from '../../model/finding';
import { ContainerRuntime } from '../../model/profile';
import { HYPERV_GATE_REMOVED_MINOR, HYPERV_ISOLATION_ANNOTATION } from '../../model/windows';
import { DOCS } from '../lib/docs';
import { legacyHyperVAnnotation } from '../lib/hyperv';
import { Rule, Violation } from '../rule';

export const hypervSingleContainer: Rule = {
  name: 'hyperv-single-container',
  severity: Severity.ERROR,
  summary: `A pod asks for Hyper-V isolation with the legacy annotation \`${HYPERV_ISOLATION_ANNOTATION}: hyperv\` and has more than one container, or targets a Kubernetes or runtime that ignores the annotation.`,
  why: 'The legacy Hyper-V annotation was honoured only by dockershim (Docker EE) with the alpha HyperVContainer feature gate (Kubernetes 1.10 to 1.20, removed in 1.21), and only for one container per pod: each container got its own utility VM and IP address, and the pod IP was the first container\'s. Elsewhere the annotation is ignored and the pod runs process-isolated.',
  remediation: 'Use a RuntimeClass whose handler is `runhcs-wcow-hypervisor` (containerd 1.7+; `HyperVIsolatedPod` in RuntimeClass mode) and remove the annotation; on a seed-era cluster, split the pod so each has one container.',
  docsUrl: DOCS.hyperv,
  specSection: '6',
  gating: 'Only pods (templates) with the annotation. More than one container (`containers`; init containers run before and are not counted): error. Target Kubernetes >= 1.21: error (the gate is gone). Target <= 1.20 with containerd: warning (only dockershim honoured the annotation).',
  checkPod: ({ pod, profile }) => {
    const annotation = legacyHyperVAnnotation(pod);
    if (!annotation) return [];
    const violations: Violation[] = [];
    const containers = Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
    if (containers.length > 1) {
      const names = containers.map((c: any) => `'${c?.name}'`).join(', ');
      violations.push({
        path: `${pod.path}.containers`,
        message: `pod asks for Hyper-V isolation with the ${HYPERV_ISOLATION_ANNOTATION} annotation but has ${containers.length} containers (${names})`,
      });
    }
    if (profile.kubernetesVersion.isAtLeast(HYPERV_GATE_REMOVED_MINOR)) {
      violations.push({
        path: annotation.path,
        message: `pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target is Kubernetes ${profile.kubernetesVersion}: the HyperVContainer feature gate was removed in 1.21, so the annotation is ignored and the pod runs process-isolated`,
      });
    } else if (profile.runtime === ContainerRuntime.CONTAINERD) {
      violations.push({
        path: annotation.path,
        severity: Severity.WARNING,
        message: `pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target runtime is containerd, which ignores the annotation (only dockershim with the HyperVContainer gate honoured it): the pod runs process-isolated`,
      });
    }
    return violations;
  },
};
