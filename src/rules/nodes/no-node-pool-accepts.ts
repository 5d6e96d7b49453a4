import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { describeRefusal, poolVerdicts, SCHEDULING_GATING, SCHEDULING_SOURCES, schedulingInput } from '../lib/scheduling';
import { HostProcessPods, Rule } from '../rule';

export const noNodePoolAccepts: Rule = {
  name: 'no-node-pool-accepts',
  severity: Severity.ERROR,
  summary: 'No node pool of the target accepts the pod: each refuses it for its labels (node selector, required node affinity, the RuntimeClass\'s scheduling) or for a taint the pod does not tolerate.',
  why: 'The scheduler places a pod only on a node whose labels match its node selector and required node affinity (with its RuntimeClass\'s scheduling merged in) and whose NoSchedule and NoExecute taints it tolerates; when no node qualifies the pod stays Pending ("0/N nodes are available") and a DaemonSet runs no pod at all.',
  remediation: 'Select labels a pool has (`kubernetes.io/os`, `node.kubernetes.io/windows-build` of a pool that exists), tolerate the pool\'s taints (e.g. `os=windows:NoSchedule`), or add a pool the workload can run on.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  admission: {
    unsupported: 'It compares the pod with the Nodes of the cluster (their labels and taints) and with its RuntimeClass: other objects, which a policy on the pod cannot see. In a cluster, the scheduler itself leaves such a pod Pending.',
  },
  sources: SCHEDULING_SOURCES,
  gating: SCHEDULING_GATING,
  checkPod: ({ object, pod, profile, objects }) => {
    if (profile.nodePools.length === 0) return [];
    const input = schedulingInput(object, pod, objects);
    if (input.kind === 'unknown') return [];
    if (input.kind === 'refused') {
      return [{ path: input.path, message: `${input.reason}, so no pool gets it`, why: 'The RuntimeClass admission controller merges the RuntimeClass\'s scheduling.nodeSelector into the pod\'s and refuses the pod when both set one label to different values.' }];
    }
    const verdicts = poolVerdicts(input.requirements, profile.nodePools);
    if (verdicts.length < profile.nodePools.length || verdicts.some(v => v.accepts)) return [];
    return [{
      path: pod.path,
      message: `no node pool accepts the pod: ${verdicts.map(describeRefusal).join('; ')}`,
    }];
  },
};
