import { Severity } from '../../model/finding';
import { isObject, PodSpecLocation } from '../../model/manifest';
import { Platform } from '../../model/platform';
import { OS_LABELS } from '../../model/windows';
import { celString, hasPath, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { runtimeClassOf } from '../lib/hyperv';
import { HostProcessPods, Rule } from '../rule';

/** Whether a node selector has `kubernetes.io/os: windows` (or the beta label), as the controller's webhook tests it. */
function selectsWindows(selector: unknown): boolean {
  return isObject(selector) && OS_LABELS.some(label => selector[label] === 'windows');
}

/** Where the pod's Windows placement comes from, when not from its node selector (for the message). */
function otherPlacement(pod: PodSpecLocation): string {
  if (isObject(pod.spec.affinity?.nodeAffinity)) return 'it is placed by node affinity';
  if (pod.spec.os?.name === 'windows') return 'it sets only spec.os.name: windows';
  return 'it has no Windows node selector';
}

/** What the pod gets on EKS without the node selector (for the messages). */
const NO_ADDRESS = 'so the VPC resource controller\'s webhook takes it for a Linux pod and gives it no vpc.amazonaws.com/PrivateIPv4Address: the pod gets no IP address on EKS';

/** `selectsWindows` on the pod spec `s`, in CEL. */
function selectsWindowsCel(s: string): string {
  const ns = `${s}.nodeSelector`;
  return `(has(${ns}) && (${OS_LABELS.map(label => `(${celString(label)} in ${ns} && ${ns}[${celString(label)}] == 'windows')`).join(' || ')}))`;
}

/** `otherPlacement` on the pod spec `s`, in CEL. */
function otherPlacementCel(s: string): string {
  return `(${hasPath(s, 'affinity.nodeAffinity')} ? 'it is placed by node affinity' : (${hasPath(s, 'os.name')} && ${s}.os.name == 'windows' ? 'it sets only spec.os.name: windows' : 'it has no Windows node selector'))`;
}

export const eksWindowsNodeSelector: Rule = {
  name: 'eks-windows-node-selector',
  severity: Severity.ERROR,
  summary: 'On EKS, a Windows pod has no `kubernetes.io/os: windows` in `spec.nodeSelector` (it is placed by node affinity, `spec.os` or nothing).',
  why: 'On EKS the VPC resource controller gives Windows pods their IP addresses: its admission webhook takes a pod for a Windows pod only when `spec.nodeSelector` has `kubernetes.io/os` (or `beta.kubernetes.io/os`) `windows`, and only then adds the `vpc.amazonaws.com/PrivateIPv4Address` resource the controller allocates an address for. A Windows pod placed by node affinity alone is treated as a Linux pod and gets no address: it stays in ContainerCreating ("pod does not have label vpc.amazonaws.com/PrivateIPv4Address") or Pending ("Insufficient vpc.amazonaws.com/PrivateIPv4Address").',
  remediation: 'Add `kubernetes.io/os: windows` to the pod\'s `spec.nodeSelector` (node affinity may stay beside it). The library\'s Windows constructs always write it.',
  docsUrl: DOCS.eksWindows,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Platform EKS only. Host-network pods (HostProcess pods) are left alone: the webhook skips them and they use the node\'s address. A pod whose RuntimeClass is in the input and selects Windows nodes passes (its node selector is merged into the pod\'s at admission); one whose RuntimeClass is not in the input is not judged. The cluster admission policy judges pods without a RuntimeClass only: it cannot read the RuntimeClass a pod names.',
  sources: 'aws/amazon-vpc-resource-controller-k8s webhooks/core/pod_webhook.go (Handle, WhichPod: host network first, then hasWindowsNodeSelector on spec.nodeSelector kubernetes.io/os and beta.kubernetes.io/os; HandleWindowsPod injects vpc.amazonaws.com/PrivateIPv4Address into the first container); aws/containers-roadmap#240 (Insufficient vpc.amazonaws.com/PrivateIPv4Address), #463 and #542 (pod does not have label vpc.amazonaws.com/PrivateIPv4Address; a node selector the webhook did not recognise); kubernetes.io concepts/containers/runtime-class #scheduling (a RuntimeClass\'s nodeSelector is merged with the pod\'s in admission)',
  admission: {
    // The part judged on the pod alone: a pod that names a RuntimeClass is left to the checker, which can be given the RuntimeClass.
    checks: profile => profile.platform !== Platform.EKS ? [] : [{
      expression: `(${hasPath(V.spec, 'hostNetwork')} && ${V.spec}.hostNetwork == true) || ${selectsWindowsCel(V.spec)} || (has(${V.spec}.runtimeClassName) && ${V.spec}.runtimeClassName != '')`,
      messageExpression: `'the pod has no nodeSelector kubernetes.io/os: windows (' + ${otherPlacementCel(V.spec)} + ${celString(`), ${NO_ADDRESS}`)}`,
    }],
  },
  checkPod: ({ pod, profile, objects }) => {
    if (profile.platform !== Platform.EKS || pod.spec.hostNetwork === true) return [];
    if (selectsWindows(pod.spec.nodeSelector)) return [];
    if (typeof pod.spec.runtimeClassName === 'string' && pod.spec.runtimeClassName !== '') {
      const runtimeClass = runtimeClassOf(pod, objects);
      if (runtimeClass === undefined || selectsWindows(runtimeClass.scheduling?.nodeSelector)) return [];
    }
    return [{
      path: `${pod.path}.nodeSelector`,
      message: `the pod has no nodeSelector kubernetes.io/os: windows (${otherPlacement(pod)}), ${NO_ADDRESS}`,
    }];
  },
};
