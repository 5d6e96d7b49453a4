// GmsaCredentialSpec: the credential spec object, the ClusterRole allowing `use` on it, and a
// RoleBinding per ServiceAccount of the workloads granted it; the gmsa-use-not-granted rule at
// synthesis when a workload names a spec its account may not use.
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GmsaCredentialSpec, WindowsCompliance, WindowsDeployment, WindowsJob } from '../../src';
import { manifestProblems, synthError, synthValid } from '../support/manifests';

const ASPNET = 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022';
const DOMAIN = {
  dnsName: 'contoso.com',
  guid: '244818ae-87ca-4fcd-92ec-e79e5252348a',
  machineAccountName: 'WebApp1',
  netBiosName: 'CONTOSO',
  sid: 'S-1-5-21-2126729477-2524075714-3094792973',
};
const spec = (chart: any, name = 'webapp1') => new GmsaCredentialSpec(chart, name, {
  metadata: { name }, domainJoinConfig: DOMAIN, groupManagedServiceAccounts: [{ name: 'WebApp1', scope: 'CONTOSO' }],
});
const byKind = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);

describe('GmsaCredentialSpec', () => {
  test('writes the GMSACredentialSpec with its credspec and a ClusterRole allowing use on it', () => {
    const chart = Testing.chart();
    spec(chart);
    const manifests = synthValid(chart);
    expect(byKind(manifests, 'GMSACredentialSpec')).toEqual([{
      apiVersion: 'windows.k8s.io/v1',
      kind: 'GMSACredentialSpec',
      metadata: { name: 'webapp1' },
      credspec: {
        CmsPlugins: ['ActiveDirectory'],
        DomainJoinConfig: {
          DnsName: 'contoso.com', DnsTreeName: 'contoso.com', Guid: DOMAIN.guid, MachineAccountName: 'WebApp1', NetBiosName: 'CONTOSO', Sid: DOMAIN.sid,
        },
        ActiveDirectoryConfig: { GroupManagedServiceAccounts: [{ Name: 'WebApp1', Scope: 'CONTOSO' }] },
      },
    }]);
    const [role] = byKind(manifests, 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['webapp1'] }]);
    expect(byKind(manifests, 'RoleBinding')).toEqual([]);
  });

  test('a workload\'s gmsa prop names the spec and binds the role to its ServiceAccount in its namespace, once per account', () => {
    const chart = Testing.chart();
    const credentials = spec(chart);
    const account = new kplus.ServiceAccount(chart, 'account', { metadata: { name: 'webapp', namespace: 'shop' } });
    const props = { metadata: { namespace: 'shop' }, serviceAccount: account, gmsa: credentials, containers: [{ image: ASPNET, portNumber: 80 }] };
    new WindowsDeployment(chart, 'site', props);
    new WindowsDeployment(chart, 'admin', props);
    new WindowsJob(chart, 'report', { gmsa: credentials, containers: [{ image: ASPNET }] });
    const manifests = synthValid(chart);
    const site = byKind(manifests, 'Deployment')[0];
    expect(site.spec.template.spec.securityContext.windowsOptions.gmsaCredentialSpecName).toBe('webapp1');
    const role = byKind(manifests, 'ClusterRole')[0];
    expect(byKind(manifests, 'RoleBinding').map(b => ({ namespace: b.metadata.namespace, subjects: b.subjects, roleRef: b.roleRef }))).toEqual([
      { namespace: 'shop', subjects: [{ kind: 'ServiceAccount', name: 'webapp', namespace: 'shop' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name } },
      { namespace: undefined, subjects: [{ kind: 'ServiceAccount', name: 'default' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name } },
    ]);
    // The engine agrees: every workload may use the spec it names.
    expect(WindowsCompliance.findings(chart).filter(f => f.rule === 'gmsa-use-not-granted')).toEqual([]);
  });

  test('the credential spec check of synthValid catches what the CRD schema refuses', () => {
    expect(manifestProblems([{ apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: { name: 'WebApp', namespace: 'x' }, credspec: { CmsPlugins: 'ActiveDirectory', DomainJoinConfig: { DnsName: 1 } } }]))
      .toEqual([
        'GMSACredentialSpec/WebApp: custom resource schema: metadata.name "WebApp" is not a DNS-1123 subdomain',
        'GMSACredentialSpec/WebApp: custom resource schema: metadata.namespace: the resource is cluster-scoped',
        'GMSACredentialSpec/WebApp: custom resource schema: credspec.CmsPlugins: must be a list of strings',
        'GMSACredentialSpec/WebApp: custom resource schema: credspec.DomainJoinConfig.DnsName: must be a string',
        'GMSACredentialSpec/WebApp: custom resource schema: credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts: must be a list',
      ]);
  });

  test('bad props: no gMSA, a namespace, or a gmsaCredentialSpecName that disagrees', () => {
    const chart = Testing.chart();
    expect(() => new GmsaCredentialSpec(chart, 'none', { domainJoinConfig: DOMAIN, groupManagedServiceAccounts: [] }))
      .toThrow('groupManagedServiceAccounts is empty');
    expect(() => new GmsaCredentialSpec(chart, 'ns', { metadata: { namespace: 'x' }, domainJoinConfig: DOMAIN, groupManagedServiceAccounts: [{ name: 'a', scope: 'B' }] }))
      .toThrow('GMSACredentialSpecs are cluster-scoped');
    const credentials = spec(chart);
    expect(() => new WindowsDeployment(chart, 'site', { gmsa: credentials, gmsaCredentialSpecName: 'other', containers: [{ image: ASPNET }] }))
      .toThrow("gmsaCredentialSpecName 'other' and gmsa (credential spec 'webapp1') disagree");
  });
});

describe('gmsa-use-not-granted at synthesis', () => {
  test('a workload naming a spec by name, whose account no binding lets use it, is warned about (fails in strict mode)', () => {
    const chart = Testing.chart();
    const credentials = spec(chart);
    const account = new kplus.ServiceAccount(chart, 'account', { metadata: { name: 'webapp', namespace: 'shop' } });
    new WindowsDeployment(chart, 'granted', { metadata: { namespace: 'shop' }, serviceAccount: account, gmsa: credentials, containers: [{ image: ASPNET }] });
    const other = new kplus.ServiceAccount(chart, 'other', { metadata: { name: 'other', namespace: 'shop' } });
    new WindowsDeployment(chart, 'by-name', { metadata: { namespace: 'shop' }, serviceAccount: other, gmsaCredentialSpecName: 'webapp1', containers: [{ image: ASPNET }], strict: true });
    const message = synthError(chart);
    expect(message).toContain('gmsa-use-not-granted');
    expect(message).toContain("ServiceAccount 'other' (namespace 'shop')");
    expect(message).toContain('is not authorized to `use` GMSA cred spec');
    expect(message).not.toContain('test-granted');
  });
});
