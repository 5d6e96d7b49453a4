import { Severity } from '../../model/finding';
import { ContainerRuntime } from '../../model/profile';
import { HYPERV_GATE_REMOVED_MINOR, HYPERV_ISOLATION_ANNOTATION } from '../../model/windows';
import { legacyHyperVAnnotationCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { honouredLegacyHyperVAnnotation, legacyHyperVAnnotation } from '../lib/hyperv';
import { HostProcessPods, Rule } from '../rule';

export const hypervAnnotationIgnored: Rule = {
  name: 'hyperv-annotation-ignored',
  severity: Severity.ERROR,
  summary: `A pod asks for Hyper-V isolation with the legacy annotation \`${HYPERV_ISOLATION_ANNOTATION}: hyperv\` on a Kubernetes version or runtime that ignores it.`,
  why: 'Only dockershim (Docker EE) with the alpha HyperVContainer feature gate honoured the annotation (Kubernetes 1.10 to 1.20; the gate was removed in 1.21). Elsewhere the annotation is ignored without a word and the pod runs process-isolated, so an image older than the host build does not start.',
  remediation: 'Use a RuntimeClass whose handler is `runhcs-wcow-hypervisor` (containerd 1.7+; `HyperVIsolatedPod` in RuntimeClass mode: containerd-specific and experimental, since upstream Kubernetes does not support Hyper-V isolated containers) and remove the annotation.',
  docsUrl: DOCS.windowsNodes,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Only pods (templates) with the annotation. Target Kubernetes >= 1.21: error (the gate is gone). Target <= 1.20 with containerd: warning (only dockershim honoured the annotation). Split from `hyperv-single-container`, which keeps the more-than-one-container condition.',
  sources: 'pkg/features/kube_features.go (no HyperVContainer gate from v1.26.15); kubernetes.io reference feature-gates-removed (HyperVContainer: alpha 1.10, deprecated 1.20, removed in 1.21); kubernetes.io concepts/windows/intro #windows-nodes-in-kubernetes (1.27 and newest docs): Kubernetes does not support Hyper-V isolated containers',
  admission: {
    checks: profile => {
      const expression = `!${legacyHyperVAnnotationCel(V.meta)}`;
      if (profile.kubernetesVersion.isAtLeast(HYPERV_GATE_REMOVED_MINOR)) {
        return [{ expression, messageExpression: `'pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target is Kubernetes ${profile.kubernetesVersion}: the HyperVContainer feature gate was removed in 1.21, so the annotation is ignored and the pod runs process-isolated'` }];
      }
      // Docker EE before 1.21 honours it.
      if (profile.runtime === ContainerRuntime.DOCKER_EE) return [];
      return [{ expression, severity: Severity.WARNING, messageExpression: `'pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target runtime is containerd, which ignores the annotation: the pod runs process-isolated'` }];
    },
  },
  checkPod: ({ pod, profile }) => {
    const annotation = legacyHyperVAnnotation(pod);
    if (!annotation || honouredLegacyHyperVAnnotation(pod, profile)) return [];
    if (profile.kubernetesVersion.isAtLeast(HYPERV_GATE_REMOVED_MINOR)) {
      return [{
        path: annotation.path,
        message: `pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target is Kubernetes ${profile.kubernetesVersion}: the HyperVContainer feature gate was removed in 1.21, so the annotation is ignored and the pod runs process-isolated`,
      }];
    }
    return [{
      path: annotation.path,
      severity: Severity.WARNING,
      message: `pod sets ${HYPERV_ISOLATION_ANNOTATION}: hyperv, but the target runtime is containerd, which ignores the annotation (only dockershim with the HyperVContainer gate honoured it): the pod runs process-isolated`,
    }];
  },
};
