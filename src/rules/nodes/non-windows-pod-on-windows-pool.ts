import { Severity } from '../../model/finding';
import { OS_LABELS, WINDOWS_BUILD_LABEL } from '../../model/windows';
import { DOCS } from '../lib/docs';
import { podTargetsWindows } from '../lib/placement';
import { describeTaint, isWindowsPool, poolVerdicts, SCHEDULING_GATING, SCHEDULING_SOURCES, schedulingInput, toleratesTaint } from '../lib/scheduling';
import { windowsImages, windowsSettings } from '../lib/windows-intent';
import { HostProcessPods, Rule } from '../rule';

export const nonWindowsPodOnWindowsPool: Rule = {
  name: 'non-windows-pod-on-windows-pool',
  severity: Severity.ERROR,
  summary: 'A pod not meant for Windows (no Windows placement, image or setting) can be placed on a Windows node pool: it has no Linux selector and the pool is not tainted, or it tolerates the pool\'s taint (a toleration of every taint).',
  why: 'The scheduler places a pod by its node selector, required node affinity, tolerations and RuntimeClass only; it does not look at spec.os or at the image. A Linux pod it puts on a Windows node cannot start there: the image has no Windows variant (ImagePullBackOff, crash loops), or the kubelet refuses a pod whose spec.os.name is linux. Linux DaemonSets that tolerate every taint (log and metrics agents, CNI and CSI node plugins) are the usual case, and clusters whose Windows pools are not tainted (AKS and EKS by default) take any pod without an OS selector.',
  remediation: 'Add `nodeSelector kubernetes.io/os: linux` to the pod (DaemonSets of charts usually have a nodeSelector value for it), or replace a toleration of every taint by the tolerations the pod needs; taint Windows pools `os=windows:NoSchedule` so that only pods meant for Windows tolerate them.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  admission: {
    unsupported: 'It compares the pod with the Nodes of the cluster (their labels and taints): other objects, which a policy on the pod cannot see.',
  },
  sources: SCHEDULING_SOURCES,
  gating: `${SCHEDULING_GATING} A pod is meant for Windows when its placement targets Windows (spec.os.name, an OS, windows-build or Windows os-sku selector or required affinity, a Windows RuntimeClass name or a RuntimeClass whose scheduling selects Windows), or it uses a Windows image or sets a Windows-only field.`,
  checkPod: ({ object, pod, containers, profile, objects }) => {
    if (profile.nodePools.length === 0) return [];
    if (podTargetsWindows(pod) || windowsImages(containers).length > 0 || windowsSettings(pod, containers).length > 0) return [];
    const input = schedulingInput(object, pod, objects);
    if (input.kind !== 'requirements') return [];
    const selector = input.requirements.nodeSelector;
    if (OS_LABELS.some(label => selector[label] === 'windows') || selector[WINDOWS_BUILD_LABEL] !== undefined) return [];
    const windowsPools = poolVerdicts(input.requirements, profile.nodePools).filter(v => v.accepts && isWindowsPool(v.pool));
    if (windowsPools.length === 0) return [];
    const tolerations: unknown[] = Array.isArray(pod.spec.tolerations) ? pod.spec.tolerations : [];
    const how = windowsPools.map(({ pool }) => {
      const taints = (pool.taints ?? []).filter(t => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
      if (taints.length === 0) return `'${pool.name}' (not tainted)`;
      const i = tolerations.findIndex(t => typeof t === 'object' && t !== null && taints.some(taint => toleratesTaint(t, taint)));
      return `'${pool.name}' (${i >= 0 ? `tolerations[${i}] tolerates ${taints.map(describeTaint).join(', ')}` : `its RuntimeClass's tolerations tolerate ${taints.map(describeTaint).join(', ')}`})`;
    });
    const wildcard = tolerations.findIndex(t => typeof t === 'object' && t !== null && !(t as any).key && (t as any).operator === 'Exists');
    const os = typeof pod.spec.os?.name === 'string' ? ` (spec.os.name: ${pod.spec.os.name} does not keep it off: the scheduler does not read it, and the kubelet of a Windows node then refuses the pod)` : '';
    return [{
      path: wildcard >= 0 ? `${pod.path}.tolerations[${wildcard}]` : pod.path,
      message: `the pod is not meant for Windows (no Windows placement, image or setting) but the scheduler may place it on the Windows pool${windowsPools.length > 1 ? 's' : ''} ${how.join(', ')}${wildcard >= 0 ? `; tolerations[${wildcard}] tolerates every taint` : ''}${os}`,
    }];
  },
};
