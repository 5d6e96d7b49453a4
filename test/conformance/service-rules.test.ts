// The Service rules against the upstream API server: it accepts every Service the rules flag, so
// without the rules nothing stops them; the rules are about what Windows nodes do with them.
import { service, windowsDeployment, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

maybe('the API server accepts what the Service rules flag', () => {
  test('no-ipv6-single-stack: ipFamilies [IPv6]', () => {
    expectValidManifests([service({ ipFamilies: ['IPv6'] }, 'v6')]);
  });

  test('local-traffic-policy-needs-dsr: externalTrafficPolicy Local', () => {
    expectValidManifests([service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' })]);
  });

  test('session-affinity-needs-2022: sessionAffinity ClientIP', () => {
    expectValidManifests([service({ sessionAffinity: 'ClientIP' })]);
  });

  test('node-local-access: the passing examples (ClusterIP, headless, ExternalName, a LoadBalancer without node ports)', () => {
    expectValidManifests([
      service(),
      service({ clusterIP: 'None' }, 'headless'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.contoso.com' } },
      service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, 'lb'),
    ]);
  });

  test('max-service-backends: a Service in front of more than 1,024 replicas', () => {
    const deployment = windowsDeployment(windowsPodSpec(), 'web');
    deployment.spec.replicas = 1000;
    deployment.spec.selector.matchLabels = { app: 'web' };
    deployment.spec.template.metadata.labels = { app: 'web' };
    const statefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { replicas: 30, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'db' } }, spec: windowsPodSpec() } },
    };
    expectValidManifests([service(), deployment, statefulSet]);
  });
});
