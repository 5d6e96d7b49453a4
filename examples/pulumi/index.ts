// A Windows web app: an ASP.NET site from a cdk8s chart (WindowsDeployment, checked at synthesis)
// and a worker written directly as a Pulumi Deployment, placed on Windows by hand. The policy pack
// in policy-pack/ checks both, and the Service, at `pulumi preview --policy-pack`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { TargetProfile, WindowsDeployment, WindowsServerVersion } from 'cdk8s-windows';
import { WindowsChart } from 'cdk8s-windows-pulumi';

const config = new pulumi.Config();
// Set `renderYamlTo` to write the manifests to a directory instead of applying them to the
// cluster of the current kubeconfig context.
const renderYamlTo = config.get('renderYamlTo');
const provider = new k8s.Provider('k8s', renderYamlTo ? { renderYamlToDirectory: renderYamlTo } : {});

const image = 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022';

// The site, as cdk8s-windows constructs: placement, Windows security defaults and the rules come
// with them; a Windows error throws here, before Pulumi registers anything.
const site = new WindowsChart('site', {
  app: () => {
    const app = new App();
    const chart = new Chart(app, 'site');
    TargetProfile.configure(chart, { windowsServerVersion: WindowsServerVersion.WS2022 });
    new WindowsDeployment(chart, 'web', { containers: [{ image, portNumber: 8080 }] }).exposeViaService();
    return app;
  },
}, { provider });

// A worker written directly: the policy pack checks it like the chart's objects.
const worker = new k8s.apps.v1.Deployment('worker', {
  spec: {
    selector: { matchLabels: { app: 'worker' } },
    template: {
      metadata: { labels: { app: 'worker' } },
      spec: {
        os: { name: 'windows' },
        nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' },
        tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
        securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
        containers: [{
          name: 'worker',
          image,
          command: ['dotnet', 'Worker.dll'],
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        }],
      },
    },
  },
}, { provider });

export const siteObjects = site.resources.apply(resources => resources.length);
export const workerName = worker.metadata.name;
