import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ContainerRuntime, KubernetesVersion, TargetProfile, WindowsCompliance, WindowsDeployment,
  WindowsServerVersion, WindowsService,
} from '../../src';
import { synthError, synthValid } from '../support/manifests';
import { validateUpstream } from '../support/upstream-validator';

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
/** An ASP.NET Core image: no ServiceMonitor, so the non-administrator default applies. */
const ASPNET_CORE = 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022';

function podSpecOf(manifest: any): any {
  return manifest.spec.template.spec;
}

function synthDeployment(props: any = {}, configure?: (chart: Chart) => void): any {
  const chart = Testing.chart();
  configure?.(chart);
  new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }], ...props });
  return synthValid(chart)[0];
}

describe('WindowsDeployment against a plain cdk8s-plus Deployment', () => {
  test('the plain Deployment carries fields the API server forbids for Windows pods; the Windows one does not', () => {
    const chart = Testing.chart();
    const props = { containers: [{ image: ASPNET_CORE, portNumber: 80 }] };
    const plain = new kplus.Deployment(chart, 'plain', props);
    new WindowsDeployment(chart, 'windows', props);
    // The plain Deployment made Windows by hand, as users do today.
    ApiObject.of(plain).addJsonPatch(JsonPatch.add('/spec/template/spec/os', { name: 'windows' }));
    const [plainManifest, windowsManifest] = Testing.synth(chart);

    const [plainVerdict, windowsVerdict] = validateUpstream([plainManifest, windowsManifest]);
    expect(plainVerdict.status).toBe('invalid');
    expect(plainVerdict.errors.map(e => `${e.field}: ${e.detail}`).sort()).toEqual([
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: cannot be set for a windows pod',
      'spec.template.spec.containers[0].securityContext.privileged: cannot be set for a windows pod',
      'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: cannot be set for a windows pod',
      'spec.template.spec.securityContext.fsGroupChangePolicy: cannot be set for a windows pod',
    ]);
    expect(windowsVerdict.status).toBe('valid');

    const container = podSpecOf(windowsManifest).containers[0];
    expect(container.securityContext).toBeUndefined();
    expect(podSpecOf(windowsManifest).securityContext).toEqual({
      runAsNonRoot: true,
      windowsOptions: { runAsUserName: 'ContainerUser' },
    });
  });

  test('keeps the whole cdk8s-plus API: env, probes, volumes, exposeViaService', () => {
    const chart = Testing.chart();
    const config = new kplus.ConfigMap(chart, 'config', { data: { key: 'value' } });
    const deployment = new WindowsDeployment(chart, 'web', { replicas: 3 });
    const container = deployment.addContainer({
      image: IIS,
      portNumber: 80,
      readiness: kplus.Probe.fromHttpGet('/'),
      envVariables: { MODE: kplus.EnvValue.fromValue('prod') },
    });
    container.mount('C:\\config', kplus.Volume.fromConfigMap(chart, 'config-volume', config));
    const service = deployment.exposeViaService({ ports: [{ port: 8080, targetPort: 80 }] });
    expect(service).toBeInstanceOf(WindowsService);
    const manifests = synthValid(chart);
    const manifest = manifests.find(m => m.kind === 'Deployment');
    const spec = podSpecOf(manifest);
    expect(manifest.spec.replicas).toBe(3);
    expect(spec.containers[0].readinessProbe.httpGet.path).toBe('/');
    expect(spec.containers[0].env).toEqual([{ name: 'MODE', value: 'prod' }]);
    expect(spec.containers[0].volumeMounts[0].mountPath).toBe('C:\\config');
    expect(spec.containers[0].securityContext).toBeUndefined();
    expect(manifests.find(m => m.kind === 'Service').spec.ports).toEqual([{ port: 8080, targetPort: 80 }]);
  });
});

describe('placement', () => {
  test('os field, Windows node selector with the build inferred from the image, and the Windows toleration', () => {
    const spec = podSpecOf(synthDeployment());
    expect(spec.os).toEqual({ name: 'windows' });
    expect(spec.nodeSelector).toEqual({
      'kubernetes.io/os': 'windows',
      'node.kubernetes.io/windows-build': '10.0.20348',
    });
    expect(spec.tolerations).toEqual([{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }]);
  });

  test.each([
    ['mcr.microsoft.com/windows/servercore:ltsc2019', '10.0.17763'],
    ['mcr.microsoft.com/windows/nanoserver:1809', '10.0.17763'],
    ['mcr.microsoft.com/windows/servercore:ltsc2022', '10.0.20348'],
    ['mcr.microsoft.com/windows/server:ltsc2025', '10.0.26100'],
    ['mcr.microsoft.com/windows/servercore:10.0.20348.2340', '10.0.20348'],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022', '10.0.20348'],
    ['mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-1809', '10.0.17763'],
  ])('the windows-build label is inferred from %s', (image, build) => {
    const spec = podSpecOf(synthDeployment({ containers: [{ image }] }));
    expect(spec.nodeSelector['node.kubernetes.io/windows-build']).toBe(build);
  });

  test('no windows-build label when neither the image nor the profile names a build', () => {
    const spec = podSpecOf(synthDeployment({ containers: [{ image: 'contoso.azurecr.io/app:1.0' }] }));
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });

  test('the profile pins the build, and an image of another build fails synthesis', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      windowsServerVersion: WindowsServerVersion.WS2019,
      containers: [{ image: IIS }],
    });
    expect(() => Testing.synth(chart)).toThrow(/windows-image-build-mismatch/);
  });

  test('two containers with images of different builds fail synthesis', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      containers: [
        { image: 'mcr.microsoft.com/windows/servercore:ltsc2022', name: 'a' },
        { image: 'mcr.microsoft.com/windows/nanoserver:1809', name: 'b' },
      ],
    });
    expect(() => Testing.synth(chart)).toThrow(/windows-image-build-mismatch[\s\S]*containers\[1\]\.image/);
  });

  test('the toleration is configurable and removable', () => {
    const custom = podSpecOf(synthDeployment({
      windowsTaint: { key: 'sku', value: 'windows', effect: kplus.TaintEffect.NO_EXECUTE },
    }));
    expect(custom.tolerations).toEqual([{ key: 'sku', operator: 'Equal', value: 'windows', effect: 'NoExecute' }]);
    const none = podSpecOf(synthDeployment({ tolerateWindowsTaint: false }));
    expect(none.tolerations).toBeUndefined();
  });

  test('scheduling additions sit on top of the Windows placement', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS }] });
    deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('agentpool', 'win')));
    const spec = podSpecOf(synthValid(chart)[0]);
    expect(spec.nodeSelector['kubernetes.io/os']).toBe('windows');
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
      .toEqual([{ key: 'agentpool', operator: 'In', values: ['win'] }]);
  });

  test('spec.os is emitted only from Kubernetes 1.25', () => {
    expect(podSpecOf(synthDeployment({ kubernetesVersion: KubernetesVersion.of('1.24') })).os).toBeUndefined();
    expect(podSpecOf(synthDeployment({ kubernetesVersion: KubernetesVersion.V1_25 })).os).toEqual({ name: 'windows' });
  });
});

describe('explicit Linux-only settings fail synthesis and are never dropped', () => {
  test.each([
    ['privileged', { privileged: true }, 'no-privileged'],
    ['readOnlyRootFilesystem', { readOnlyRootFilesystem: true }, 'no-linux-security-context'],
    ['allowPrivilegeEscalation', { allowPrivilegeEscalation: false }, 'no-linux-security-context'],
    ['runAsUser', { user: 1000 }, 'no-linux-security-context'],
  ])('%s through props', (field, securityContext, rule) => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, name: 'iis', securityContext }] });
    const error = synthError(chart);
    expect(error).toContain(rule);
    expect(error).toContain('[test/web]');
    expect(error).toContain(`spec.template.spec.containers[0].securityContext.${field}`);
    expect(error).toContain("container 'iis'");
    expect(error).toMatch(/Windows/);
  });

  test('readOnlyRootFilesystem through addContainer, on the second container', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS }] });
    deployment.addContainer({ image: IIS, name: 'sidecar', securityContext: { readOnlyRootFilesystem: true } });
    // The setting is still in the manifest (read without validation), where the rule reports it.
    expect(ApiObject.of(deployment).toJson().spec.template.spec.containers[1].securityContext).toEqual({ readOnlyRootFilesystem: true });
    expect(synthError(chart)).toMatch(/no-linux-security-context[\s\S]*containers\[1\]\.securityContext\.readOnlyRootFilesystem/);
  });

  test('pod-level runAsUser and fsGroupChangePolicy stay and fail', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      containers: [{ image: IIS }],
      securityContext: { user: 1000, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ALWAYS },
    });
    const error = synthError(chart);
    expect(error).toContain('spec.template.spec.securityContext.runAsUser');
    expect(error).toContain('spec.template.spec.securityContext.fsGroupChangePolicy');
  });

  test('all errors are reported at once', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      containers: [{ image: IIS, securityContext: { privileged: true, readOnlyRootFilesystem: true } }],
    });
    const error = synthError(chart);
    expect(error).toContain('no-privileged');
    expect(error).toContain('readOnlyRootFilesystem');
  });
});

describe('Windows security defaults', () => {
  test('ContainerAdministrator turns the non-root default off', () => {
    const spec = podSpecOf(synthDeployment({ runAsUserName: 'ContainerAdministrator' }));
    expect(spec.securityContext).toEqual({ windowsOptions: { runAsUserName: 'ContainerAdministrator' } });
  });

  test('IIS, ASP.NET and WCF images run as ContainerAdministrator by default (ServiceMonitor controls w3svc), said by an info', () => {
    for (const image of [IIS, 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022', 'mcr.microsoft.com/dotnet/framework/wcf:4.8-windowsservercore-ltsc2022']) {
      const chart = Testing.chart();
      const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: ASPNET_CORE, name: 'sidecar' }, { image, portNumber: 80, name: 'site' }] });
      const spec = podSpecOf(synthValid(chart)[0]);
      expect(spec.securityContext).toEqual({ windowsOptions: { runAsUserName: 'ContainerAdministrator' } });
      expect(WindowsCompliance.findings(deployment).filter(f => f.rule === 'image-needs-administrator')).toEqual([
        expect.objectContaining({ severity: 'info', message: expect.stringContaining('ServiceMonitor needs') }),
      ]);
    }
  });

  test('an IIS image run as ContainerUser on purpose is kept, and warned about (it would crash-loop)', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { runAsUserName: 'ContainerUser', containers: [{ image: IIS, portNumber: 80 }] });
    expect(podSpecOf(synthValid(chart)[0]).securityContext.windowsOptions).toEqual({ runAsUserName: 'ContainerUser' });
    expect(WindowsCompliance.findings(deployment).filter(f => f.rule === 'image-needs-administrator')).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('crash-loops') }),
    ]);
  });

  test('ContainerAdministrator with an explicit non-root setting fails', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', {
      runAsUserName: 'ContainerAdministrator',
      securityContext: { ensureNonRoot: true },
      containers: [{ image: IIS }],
    });
    expect(synthError(chart)).toContain('run-as-non-root-conflict');
  });

  test('gMSA credential spec name', () => {
    const spec = podSpecOf(synthDeployment({ gmsaCredentialSpecName: 'webapp1', containers: [{ image: ASPNET_CORE, portNumber: 80 }] }));
    expect(spec.securityContext.windowsOptions).toEqual({ runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'webapp1' });
  });

  test('memory request equals the limit by default; explicit resources are kept as given', () => {
    const byDefault = podSpecOf(synthDeployment()).containers[0].resources;
    expect(byDefault.requests.memory).toBe(byDefault.limits.memory);
    const explicit = podSpecOf(synthDeployment({
      containers: [{
        image: IIS,
        resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
      }],
    })).containers[0].resources;
    expect(explicit).toEqual({ requests: { memory: '512Mi' }, limits: { memory: '512Mi' } });
  });
});

describe('target profile', () => {
  test('chart-wide profile with a per-construct override', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    TargetProfile.configure(chart, { kubernetesVersion: KubernetesVersion.of('1.24'), windowsServerVersion: WindowsServerVersion.WS2019 });
    const inherits = new WindowsDeployment(chart, 'inherits', { containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2019' }] });
    const overrides = new WindowsDeployment(chart, 'overrides', {
      kubernetesVersion: KubernetesVersion.V1_27,
      windowsServerVersion: WindowsServerVersion.WS2022,
      containers: [{ image: IIS }],
    });
    expect(inherits.profile.describe()).toBe('Kubernetes 1.24, Windows Server 2019, containerd, process isolation');
    expect(overrides.profile.describe()).toBe('Kubernetes 1.27, Windows Server 2022, containerd, process isolation');
    const [first, second] = synthValid(chart);
    expect(podSpecOf(first).os).toBeUndefined();
    expect(podSpecOf(first).nodeSelector['node.kubernetes.io/windows-build']).toBe('10.0.17763');
    expect(podSpecOf(second).os).toEqual({ name: 'windows' });
    expect(podSpecOf(second).nodeSelector['node.kubernetes.io/windows-build']).toBe('10.0.20348');
  });

  test('the App carries the profile for every chart, as context', () => {
    const app = new App({ outdir: '/tmp/unused' });
    app.node.setContext('cdk8s-windows:runtime', 'docker-ee');
    app.node.setContext('cdk8s-windows:kubernetesVersion', '1.23');
    const chart = new Chart(app, 'chart');
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS }] });
    expect(deployment.profile.runtime).toBe(ContainerRuntime.DOCKER_EE);
  });

  test('invalid values fail with a clear error', () => {
    expect(() => KubernetesVersion.of('2.0')).toThrow(/Invalid Kubernetes version '2.0'/);
    expect(() => KubernetesVersion.of('1.13')).toThrow(/Unsupported Kubernetes version 1.13/);
    expect(() => WindowsServerVersion.of('2016')).toThrow(/Unknown Windows Server version '2016'/);
    expect(() => TargetProfile.of({ runtime: ContainerRuntime.DOCKER_EE })).toThrow(/Docker EE runtime needs Kubernetes 1.23 or older/);
    const chart = Testing.chart();
    chart.node.setContext('cdk8s-windows:isolation', 'vm');
    expect(() => new WindowsDeployment(chart, 'web')).toThrow(/Invalid context value 'vm' for 'cdk8s-windows:isolation'/);
  });
});

describe('suppressions and strict mode', () => {
  const noMemoryLimit = { image: IIS, resources: { cpu: { limit: kplus.Cpu.millis(500) } } };

  test('warnings do not fail synthesis, strict mode makes them fail', () => {
    const chart = Testing.chart();
    new WindowsDeployment(chart, 'web', { containers: [noMemoryLimit] });
    expect(() => Testing.synth(chart)).not.toThrow();
    const strictChart = Testing.chart();
    new WindowsDeployment(strictChart, 'web', { containers: [noMemoryLimit], strict: true });
    expect(synthError(strictChart)).toContain('memory-limit-required');
  });

  test('a suppression needs a reason and leaves the finding visible as suppressed', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', {
      containers: [noMemoryLimit],
      strict: true,
      suppressions: [{ rule: 'memory-limit-required', reason: 'The node runs this app alone and pages are acceptable.' }],
    });
    expect(() => Testing.synth(chart)).not.toThrow();
    const finding = WindowsCompliance.findings(deployment).find(f => f.rule === 'memory-limit-required');
    expect(finding?.suppressedReason).toBe('The node runs this app alone and pages are acceptable.');
    expect(() => WindowsCompliance.suppress(deployment, 'memory-limit-required', 'ok')).toThrow(/needs a reason/);
    expect(() => WindowsCompliance.suppress(deployment, 'no-such-rule', 'A reason long enough.')).toThrow(/unknown rule 'no-such-rule'/);
    // A misspelt rule: the nearest names, not the whole catalog.
    const misspelt = () => WindowsCompliance.suppress(deployment, 'memory-limits', 'A reason long enough.');
    expect(misspelt).toThrow("Cannot suppress unknown rule 'memory-limits' on test/web: did you mean 'memory-limit-required'?");
    expect(() => WindowsCompliance.suppress(deployment, 'max-64-backends', 'A reason long enough.')).toThrow("the rule was renamed to 'max-service-backends'");
  });

  test('a rule the API server enforces cannot be suppressed: the manifest would still be refused', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, securityContext: { privileged: false } }] });
    expect(() => WindowsCompliance.suppress(deployment, 'no-privileged', 'Our admission webhook strips it.'))
      .toThrow(/Cannot suppress 'no-privileged' on test\/web: the API server rejects what it finds, so a suppressed finding would still be refused at apply time/);
    expect(() => new WindowsDeployment(chart, 'other', { containers: [{ image: IIS }], suppressions: [{ rule: 'host-process-host-network', reason: 'A reason long enough.' }] }))
      .toThrow(/Cannot suppress 'host-process-host-network'/);
    expect(() => WindowsCompliance.suppress(deployment, 'host-process-consistency', 'A reason long enough.'))
      .toThrow(/split into 'host-process-flag-mismatch', 'host-process-all-containers', 'host-process-host-network', 'host-process-run-as-non-root', 'host-process-unsupported-target'/);
  });
});

test('a cdk8s-plus HorizontalPodAutoscaler scales a WindowsDeployment', () => {
  const chart = Testing.chart();
  const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(1000) } } }] });
  new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
    target: deployment,
    maxReplicas: 10,
    metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
  });
  const manifests = synthValid(chart);
  const hpa = manifests.find(m => m.kind === 'HorizontalPodAutoscaler');
  expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: manifests[0].metadata.name });
  // cdk8s-plus leaves replicas to the autoscaler.
  expect(manifests[0].spec.replicas).toBeUndefined();
});

test('a Service in front of more than 1,024 replicas warns (max-service-backends), 65 no longer does', () => {
  const chart = Testing.chart();
  const deployment = new WindowsDeployment(chart, 'web', { replicas: 1025, containers: [{ image: IIS, portNumber: 80 }] });
  const service = deployment.exposeViaService();
  const finding = WindowsCompliance.findings(service).find(f => f.rule === 'max-service-backends');
  expect(finding?.severity).toBe('warning');
  expect(finding?.message).toContain('1,025');
  const small = new WindowsDeployment(chart, 'small', { replicas: 65, containers: [{ image: IIS, portNumber: 80 }] });
  expect(WindowsCompliance.findings(small.exposeViaService()).filter(f => f.rule === 'max-service-backends')).toEqual([]);
});

describe('exposeViaService builds the Service as cdk8s-plus does', () => {
  const cases: Array<[string, kplus.DeploymentExposeViaServiceOptions, kplus.ContainerProps[]]> = [
    ['ports from the containers', {}, [{ image: IIS, portNumber: 80 }]],
    ['named ports from several containers', {}, [{ image: IIS, ports: [{ number: 80, name: 'http' }] }, { name: 'side', image: IIS, ports: [{ number: 443, name: 'https' }] }]],
    ['explicit ports, name and type', { name: 'front', serviceType: kplus.ServiceType.NODE_PORT, ports: [{ port: 8080, targetPort: 80 }] }, [{ image: IIS, portNumber: 80 }]],
    ['no port to expose', {}, [{ image: IIS }]],
    ['several unnamed ports', { ports: [{ port: 80 }, { port: 81 }] }, [{ image: IIS, portNumber: 80 }]],
    ['a port no container exposes', { ports: [{ port: 8080 }] }, [{ image: IIS, portNumber: 80 }]],
  ];

  function exposedService(windows: boolean, options: kplus.DeploymentExposeViaServiceOptions,
    containers: kplus.ContainerProps[]): { manifest?: any; error?: string } {
    const chart = Testing.chart();
    const deployment = windows ? new WindowsDeployment(chart, 'web', { containers }) : new kplus.Deployment(chart, 'web', { containers });
    try {
      const service = deployment.exposeViaService(options);
      return { manifest: { id: service.node.path, ...Testing.synth(chart).find(m => m.kind === 'Service') } };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  test.each(cases)('%s', (_name, options, containers) => {
    const windows = exposedService(true, options, containers);
    expect(windows).toEqual(exposedService(false, options, containers));
    expect(windows.manifest ?? windows.error).toBeDefined();
  });
});
