import { Severity } from '../../model/finding';
import { DOCS } from '../lib/docs';
import { HostProcessPods, Rule } from '../rule';

const NODE_PORT_TYPES = ['NodePort', 'LoadBalancer'];

export const nodeLocalAccess: Rule = {
  name: 'node-local-access',
  severity: Severity.INFO,
  summary: 'A NodePort or LoadBalancer Service: its NodePort cannot be reached from the Windows node itself.',
  why: 'On Windows nodes, reaching a NodePort from the node itself fails; it works from other nodes and from external clients. On Kubernetes 1.14/1.15 a Service VIP could not be reached from the node either (pods could).',
  remediation: 'Test and consume the Service from another node, a pod, or an external client; from the node itself, use the pod IP or the Service\'s cluster IP from a pod.',
  docsUrl: DOCS.networkingLimitations,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Always on, as advice, for Services of type NodePort and LoadBalancer (LoadBalancer Services allocate NodePorts too, unless `allocateLoadBalancerNodePorts: false`).',
  sources: 'kubernetes.io concepts/services-networking/windows-networking #limitations (1.27 and newest docs)',
  admission: {
    unsupported: 'A Service is judged only when it selects Windows pods, and those pods are in other objects (its workloads), which a policy on the Service cannot see.',
  },
  checkService: ({ object }) => {
    const spec = object.spec;
    if (!NODE_PORT_TYPES.includes(spec.type)) return [];
    // A LoadBalancer without node ports has nothing to reach from the node.
    if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false) return [];
    return [{ path: 'spec.type', message: `Service is of type ${spec.type}` }];
  },
};
