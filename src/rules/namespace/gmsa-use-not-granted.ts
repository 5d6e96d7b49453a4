import { Severity } from '../../model/finding';
import { workloadNamespace } from '../lib/admission';
import { DOCS } from '../lib/docs';
import { GmsaGrant, gmsaGrant, holdsRbac, isGmsaCredentialSpec } from '../lib/gmsa';
import { windowsOptionsOf } from '../lib/security-context';
import { HostProcessPods, Rule, Violation } from '../rule';

export const gmsaUseNotGranted: Rule = {
  name: 'gmsa-use-not-granted',
  severity: Severity.WARNING,
  summary: 'A pod names a gMSA credential spec that the same input does not hold while it holds others, or that its ServiceAccount may not `use` by the RBAC objects of the input.',
  why: 'The gMSA admission webhook (kubernetes-sigs/windows-gmsa) fills in the credential spec of every pod that names one and refuses the pod when the GMSACredentialSpec does not exist ("cred spec ... does not exist") or when the pod\'s ServiceAccount may not `use` it ("service account ... is not authorized to `use` GMSA cred spec ..."); a workload\'s controller then creates no pod.',
  remediation: 'Create the GMSACredentialSpec (GmsaCredentialSpec construct), and a ClusterRole with verb `use` on `gmsacredentialspecs` naming it in `resourceNames`, bound to the pod\'s ServiceAccount by a RoleBinding in the pod\'s namespace (GmsaCredentialSpec.grant does all three).',
  docsUrl: DOCS.gmsa,
  hostProcessPods: HostProcessPods.CHECKED,
  sources: 'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go validateCreateRequest ("is not authorized to `use` GMSA cred spec"), admission-webhook/kube_client.go isAuthorizedToUseCredSpec (LocalSubjectAccessReview: verb use, group windows.k8s.io, resource gmsacredentialspecs, the spec\'s name) and retrieveCredSpecContents ("cred spec %s does not exist"), admission-webhook/integration_tests/templates/credspecs-users-rbac-role.yml and sa-rbac-binding.yml; kubernetes.io tasks/configure-pod-container/configure-gmsa (1.27 and newest docs)',
  gating: 'Only when the input holds GMSACredentialSpecs (for a missing spec), or ServiceAccounts and RoleBindings or ClusterRoleBindings (for a missing grant); a binding to a role the input does not hold counts as a grant.',
  admission: {
    unsupported: 'It needs the GMSACredentialSpec, the pod\'s ServiceAccount and the roles and bindings that let it use the spec: other objects, which a policy on the pod cannot see.',
  },
  checkPod: ({ object, pod, containers, objects }) => {
    const specs = objects.filter(isGmsaCredentialSpec).map(o => String(o.metadata?.name));
    const checkGrants = holdsRbac(objects) && objects.some(o => o.kind === 'ServiceAccount' && o.apiVersion === 'v1');
    if (specs.length === 0 && !checkGrants) return [];
    const namespace = workloadNamespace(object);
    const account = typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName !== '' ? pod.spec.serviceAccountName : 'default';
    const violations: Violation[] = [];
    const seen = new Set<string>();
    for (const { options, path, owner } of windowsOptionsOf(pod, containers)) {
      const name = options.gmsaCredentialSpecName;
      if (typeof name !== 'string' || seen.has(name)) continue;
      seen.add(name);
      if (specs.length > 0 && !specs.includes(name)) {
        violations.push({
          path: `${path}.gmsaCredentialSpecName`,
          message: `${owner} names the gMSA credential spec '${name}', but the input holds no GMSACredentialSpec of that name (it holds ${specs.map(s => `'${s}'`).join(', ')}): the gMSA webhook refuses the pod ("cred spec ${name} does not exist")`,
        });
      } else if (checkGrants && gmsaGrant(objects, account, namespace, name) === GmsaGrant.DENIED) {
        violations.push({
          path: `${path}.gmsaCredentialSpecName`,
          message: `${owner} names the gMSA credential spec '${name}', but no RoleBinding or ClusterRoleBinding of the input lets the pod's ServiceAccount '${account}'${namespace ? ` (namespace '${namespace}')` : ''} \`use\` it: the gMSA webhook refuses the pod ("service account \\"${account}\\" is not authorized to \`use\` GMSA cred spec \\"${name}\\"")`,
        });
      }
    }
    return violations;
  },
};
