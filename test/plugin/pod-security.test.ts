// The validation plugin judges Windows pods by the Namespaces of the synthesized manifests and by
// its podSecurity property (namespaces the app does not hold), with a cdk8s ValidationContext
// stand-in (what the cdk8s CLI hands to validate: manifests, parseManifest, report).
import { WindowsValidationPlugin } from '../../src';
import { iisDeployment, inNamespace, namespace } from '../rules/namespace/examples';

async function validate(plugin: WindowsValidationPlugin, objects: any[]) {
  const violations: any[] = [];
  let status = '';
  await plugin.validate({
    manifests: ['dist/app.k8s.yaml'],
    parseManifest: () => objects,
    report: { addViolation: (v: any) => violations.push(v), submit: (s: string) => { status = s; } },
  });
  return { status, rules: violations.map(v => v.ruleName) };
}

test('a Namespace of the manifests labelled restricted fails the synth for the IIS Deployment in it', async () => {
  const plugin = new WindowsValidationPlugin();
  expect(await validate(plugin, [namespace('web', { enforce: 'restricted' }), inNamespace(iisDeployment(), 'web')]))
    .toEqual({ status: 'failure', rules: ['pod-security-enforce (error)'] });
  expect(await validate(plugin, [namespace('web', { enforce: 'baseline' }), inNamespace(iisDeployment(), 'web')]))
    .toEqual({ status: 'success', rules: [] });
});

test('the podSecurity property labels a namespace the manifests do not hold; a bad entry is refused', async () => {
  const plugin = new WindowsValidationPlugin({ podSecurity: [{ namespace: 'web', enforce: 'restricted' as any }] });
  expect((await validate(plugin, [inNamespace(iisDeployment(), 'web')])).rules).toEqual(['pod-security-enforce (error)']);
  expect(() => new WindowsValidationPlugin({ podSecurity: [{ namespace: 'web', enforce: 'strict' as any }] }))
    .toThrow("the podSecurity entry of namespace 'web': enforce (pod-security.kubernetes.io/enforce) is \"strict\"");
});
