import { Severity } from '../../model/finding';
import { Platform } from '../../model/platform';
import { Isolation } from '../../model/profile';
import { HYPERV_ISOLATION_ANNOTATION } from '../../model/windows';
import { celString, legacyHyperVAnnotationCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { hyperVRuntimeClass, legacyHyperVAnnotation } from '../lib/hyperv';
import { HostProcessPods, Rule, Violation } from '../rule';

export const gkeHypervUnsupported: Rule = {
  name: 'gke-hyperv-unsupported',
  severity: Severity.ERROR,
  summary: 'On GKE, a Windows pod asks for Hyper-V isolation (the target\'s isolation, a RuntimeClass with the Hyper-V handler, or the legacy annotation).',
  why: 'GKE runs Windows Server containers with process isolation only: Microsoft Hyper-V containers are not supported on its Windows Server node pools, so no GKE node runs the pod the way it asks.',
  remediation: 'Run the pod process-isolated on GKE: an image of the node pool\'s Windows Server build (ltsc2019 or ltsc2022), no Hyper-V RuntimeClass, no isolation annotation, and the target\'s isolation `process`.',
  docsUrl: DOCS.gkeWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Platform GKE only. The cluster admission policy judges the legacy annotation and the target\'s isolation: it cannot read the handler of the RuntimeClass a pod names, so a Hyper-V RuntimeClass is left to the checker.',
  sources: 'cloud.google.com kubernetes-engine/docs/concepts/windows-server-gke ("Microsoft Hyper-V containers are not supported"; Windows Server node images and containers are not available in Autopilot)',
  admission: {
    checks: profile => {
      if (profile.platform !== Platform.GKE) return [];
      const annotation = legacyHyperVAnnotationCel(V.meta);
      const checks = [{ expression: `!${annotation}`, messageExpression: celString(`the pod asks for Hyper-V isolation with ${HYPERV_ISOLATION_ANNOTATION}, which GKE does not support`) }];
      // The target's isolation is named when nothing in the pod is (the annotation's check reports it then).
      if (profile.isolation === Isolation.HYPERV) checks.push({ expression: annotation, messageExpression: celString('the target is Hyper-V isolation, which GKE does not support') });
      return checks;
    },
  },
  checkPod: ({ pod, profile, objects }) => {
    if (profile.platform !== Platform.GKE) return [];
    const violations: Violation[] = [];
    const runtimeClass = hyperVRuntimeClass(pod, objects);
    if (runtimeClass !== undefined) {
      violations.push({ path: `${pod.path}.runtimeClassName`, message: `the pod runs with RuntimeClass '${runtimeClass}', whose handler is Hyper-V isolation, which GKE does not support` });
    }
    const annotation = legacyHyperVAnnotation(pod);
    if (annotation) violations.push({ path: annotation.path, message: `the pod asks for Hyper-V isolation with ${HYPERV_ISOLATION_ANNOTATION}, which GKE does not support` });
    if (violations.length === 0 && profile.isolation === Isolation.HYPERV) {
      violations.push({ path: pod.path, message: 'the target is Hyper-V isolation, which GKE does not support' });
    }
    return violations;
  },
};
