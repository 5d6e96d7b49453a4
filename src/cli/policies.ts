/** `cdk8s-windows policies`: the rules as ValidatingAdmissionPolicies and bindings, as YAML for `kubectl apply -f -`. */
import * as jsyaml from 'js-yaml';
import { ADMISSION_POLICY_MINIMUM_MINOR, admissionPolicies, AdmissionPolicyOptions, requirePolicyTarget, rulesWithoutPolicy } from '../admission-policy/policies';
import { TargetProfile } from '../model/profile';

/** The policies of `profile` as multi-document YAML, with a header saying what they are and which rules they leave to the checker. */
export function policiesYaml(profile: TargetProfile, options: AdmissionPolicyOptions = {}): string {
  requirePolicyTarget(profile, 'pass --kubernetes-version 1.30 or newer');
  const objects = admissionPolicies(profile, options);
  const missing = options.rules ? [] : rulesWithoutPolicy(profile);
  const header = [
    `# The Windows rules of cdk8s-windows as ${objects.length / 2} ValidatingAdmissionPolicies and their bindings,`,
    `# for ${profile.describe()}. They need Kubernetes 1.${ADMISSION_POLICY_MINIMUM_MINOR} or newer.`,
    '# Errors are denied, warnings returned to the client, advice recorded in the audit log.',
    ...(missing.length > 0 ? ['# Rules without a policy here (the checker, synthesis and the validation plugin enforce them):'] : []),
    ...missing.map(m => `#   ${m.rule}: ${m.why}`),
  ];
  const documents = objects.map(object => jsyaml.dump(object, { lineWidth: -1, noRefs: true, quotingType: '"' }));
  return `${header.join('\n')}\n${documents.map(d => `---\n${d}`).join('')}`;
}
