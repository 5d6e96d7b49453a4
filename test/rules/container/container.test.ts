// Section 3 rules (containers, init and ephemeral containers): one violating and one passing case
// per rule, and the gated severities. Their agreement with the API server is in
// test/conformance/container-rules.test.ts.
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { CONTAINER_RULES } from '../../../src/rules/container';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings } from '../../support/rules';

const CONTAINERD = TargetProfile.of();
const DOCKER_EE = TargetProfile.of({ kubernetesVersion: KubernetesVersion.V1_23, runtime: ContainerRuntime.DOCKER_EE });

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';

const findings = ruleFindings(CONTAINER_RULES, CONTAINERD);

const withContainers = (containers: any[], extra: any = {}) => windowsPodSpec({ containers, ...extra });
const secretVolume = { name: 'creds', secret: { secretName: 'creds' } };
const hostProcessPodSpec = (extra: any = {}) => windowsPodSpec({
  hostNetwork: true,
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
  ...extra,
});

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 3 finding', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    expect(runRules(objects, CONTAINERD, CONTAINER_RULES)).toEqual([]);
    expect(runRules(objects, DOCKER_EE, CONTAINER_RULES)).toEqual([]);
  });
});

describe('no-privileged', () => {
  const violating = windowsDeployment(windowsPodSpec({
    initContainers: [windowsContainer({ name: 'init', securityContext: { privileged: false } })],
  }));

  test('privileged: false on an init container is an error', () => {
    expectFindings(findings([violating], 'no-privileged'), 'no-privileged', [
      { path: `${D}.initContainers[0].securityContext.privileged`, severity: Severity.ERROR, names: 'privileged: false' },
    ]);
  });

  test('passing: privileged unset (the baseline)', () => {
    expect(findings([windowsDeployment()], 'no-privileged')).toEqual([]);
  });
});

describe('no-linux-security-context', () => {
  const FIELDS: Array<[string, unknown]> = [
    ['allowPrivilegeEscalation', false], ['capabilities', { drop: ['ALL'] }], ['procMount', 'Default'],
    ['readOnlyRootFilesystem', true], ['runAsUser', 1000], ['runAsGroup', 1000], ['seLinuxOptions', { level: 's0' }],
    ['seccompProfile', { type: 'RuntimeDefault' }], ['appArmorProfile', { type: 'RuntimeDefault' }],
  ];
  const objectFor = (field: string, value: unknown) => windowsCronJob(windowsPodSpec({
    restartPolicy: 'OnFailure',
    containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' }, [field]: value } })],
  }), `c-${field.toLowerCase()}`);

  test.each(FIELDS)('%s on a CronJob container is an error naming the value', (field, value) => {
    expectFindings(findings([objectFor(field, value)], 'no-linux-security-context'), 'no-linux-security-context', [
      { path: `${C}.containers[0].securityContext.${field}`, severity: Severity.ERROR, names: `${field}: ${JSON.stringify(value)}` },
    ]);
  });

  test('passing: only windowsOptions and runAsNonRoot', () => {
    const passing = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      containers: [windowsContainer({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }));
    expect(findings([passing], 'no-linux-security-context')).toEqual([]);
  });
});

describe('run-as-non-root-needs-username', () => {
  const RULE = 'run-as-non-root-needs-username';

  test('pod runAsNonRoot without runAsUserName warns for every container, at the pod field', () => {
    const violating = windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true },
      initContainers: [windowsContainer({ name: 'init' })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'container \'app\' runs with runAsNonRoot: true (from the pod securityContext)' },
      { path: `${D}.securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'init container \'init\'' },
    ]);
  });

  test('a container-level runAsNonRoot is reported at the container', () => {
    const violating = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      securityContext: {},
      containers: [windowsContainer({ securityContext: { runAsNonRoot: true } })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.containers[0].securityContext.runAsNonRoot`, severity: Severity.WARNING, names: 'runAsNonRoot: true' },
    ]);
  });

  test('passing: runAsUserName from the pod or the container, or runAsNonRoot overridden to false', () => {
    const podUser = windowsDeployment();
    const containerUser = windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true },
      containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }));
    const overridden = windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true },
      containers: [windowsContainer({ securityContext: { runAsNonRoot: false } })],
    }));
    expect(findings([podUser, containerUser, overridden], RULE)).toEqual([]);
  });

  test('HostProcess containers are exempt (they run as a host account)', () => {
    const hostProcess = windowsDeployment(windowsPodSpec({
      hostNetwork: true,
      securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } },
    }));
    expect(findings([hostProcess], RULE)).toEqual([]);
  });
});

describe('run-as-non-root-conflict', () => {
  const RULE = 'run-as-non-root-conflict';

  test('ContainerAdministrator (any case) with runAsNonRoot is an error at the effective runAsUserName', () => {
    const violating = windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'containeradministrator' } },
      initContainers: [windowsContainer({ name: 'init', securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })],
      containers: [
        windowsContainer(),
        windowsContainer({ name: 'sidecar', securityContext: { windowsOptions: { runAsUserName: 'CONTAINERADMINISTRATOR' } } }),
      ],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'container \'app\' runs as windowsOptions.runAsUserName: "containeradministrator" (from the pod securityContext)' },
      { path: `${D}.containers[1].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: '"CONTAINERADMINISTRATOR"' },
    ]);
  });

  test('passing: ContainerAdministrator without runAsNonRoot, and ContainerUser with it', () => {
    const admin = windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } }));
    expect(findings([admin, windowsDeployment()], RULE)).toEqual([]);
  });
});

describe('invalid-run-as-user-name', () => {
  const RULE = 'invalid-run-as-user-name';

  const violating = windowsDeployment(windowsPodSpec({
    securityContext: { windowsOptions: { runAsUserName: 'a\\b\\c' } },
    initContainers: [windowsContainer({ name: 'init', securityContext: { windowsOptions: { runAsUserName: '.bad\\' } } })],
  }));
  const passing = windowsDeployment(windowsPodSpec({
    containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: 'contoso.com\\svc-web' } } })],
  }));

  test('each failed upstream check is a finding whose message names the value and the check', () => {
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'pod sets securityContext.windowsOptions.runAsUserName: "a\\\\b\\\\c" (runAsUserName cannot contain more than one backslash)' },
      { path: `${D}.initContainers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: 'init container \'init\' sets securityContext.windowsOptions.runAsUserName: ".bad\\\\" (runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format)' },
      { path: `${D}.initContainers[0].securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: '(runAsUserName\'s User cannot be empty)' },
    ]);
  });

  test('passing: the baseline and a domain account', () => {
    expect(findings([windowsDeployment(), passing], RULE)).toEqual([]);
  });
});

describe('invalid-gmsa', () => {
  const RULE = 'invalid-gmsa';

  const violating = windowsCronJob(windowsPodSpec({
    restartPolicy: 'OnFailure',
    securityContext: { windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'Bad_Name' } },
    containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpec: '' } } })],
  }));

  test('a bad name and an empty spec are errors naming the value', () => {
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.securityContext.windowsOptions.gmsaCredentialSpecName`, severity: Severity.ERROR, names: 'pod sets securityContext.windowsOptions.gmsaCredentialSpecName: "Bad_Name" (a lowercase RFC 1123 subdomain' },
      { path: `${C}.containers[0].securityContext.windowsOptions.gmsaCredentialSpec`, severity: Severity.ERROR, names: 'container \'app\' sets securityContext.windowsOptions.gmsaCredentialSpec: "" (gmsaCredentialSpec cannot be an empty string)' },
    ]);
  });

  test('passing: a valid name at pod and container level', () => {
    const passing = windowsDeployment(windowsPodSpec({
      securityContext: { windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'webapp1' } },
      containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'web.app-2' } } })],
    }));
    expect(findings([passing], RULE)).toEqual([]);
  });

  test('a long credential spec is shortened in the message', () => {
    const object = windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { gmsaCredentialSpec: 'x'.repeat(70000) } } }));
    const [finding] = findings([object], RULE);
    expect(finding.message).toContain('… (70000 bytes) (gmsaCredentialSpec size must be under 64 KiB)');
    expect(finding.message.length).toBeLessThan(600);
  });
});

describe('no-hugepages', () => {
  const RULE = 'no-hugepages';

  test('a value cdk8s lost (a JSON patch with a plain string for a typed quantity renders as undefined) is a warning that says so', () => {
    const lost = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': undefined } } })] }));
    expectFindings(findings([lost], RULE), RULE, [
      { path: `${D}.containers[0].resources.limits[hugepages-2Mi]`, severity: Severity.WARNING, names: ['value was lost by cdk8s', 'leaves the resource out'] },
    ]);
  });

  test('hugepages requests and limits on an init container are errors', () => {
    const violating = windowsDeployment(windowsPodSpec({
      initContainers: [windowsContainer({
        name: 'init',
        resources: { limits: { 'memory': '1Gi', 'hugepages-2Mi': '64Mi' }, requests: { 'memory': '1Gi', 'hugepages-1Gi': '1Gi' } },
      })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${D}.initContainers[0].resources.requests[hugepages-1Gi]`, severity: Severity.ERROR, names: 'resources.requests.hugepages-1Gi: "1Gi"' },
      { path: `${D}.initContainers[0].resources.limits[hugepages-2Mi]`, severity: Severity.ERROR, names: 'resources.limits.hugepages-2Mi: "64Mi"' },
    ]);
  });

  test('passing: memory and cpu only', () => {
    expect(findings([windowsDeployment()], RULE)).toEqual([]);
  });
});

describe('memory-limit-required', () => {
  const RULE = 'memory-limit-required';

  test('a CronJob container and an init container without a memory limit warn', () => {
    const violating = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      containers: [windowsContainer({ resources: { limits: { cpu: '1' } } })],
      initContainers: [windowsContainer({ name: 'init', resources: undefined })],
    }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: `${C}.containers[0].resources.limits.memory`, severity: Severity.WARNING, names: 'container \'app\' sets no memory limit' },
      { path: `${C}.initContainers[0].resources.limits.memory`, severity: Severity.WARNING, names: 'init container \'init\' sets no memory limit' },
    ]);
  });

  test('passing: a memory limit; ephemeral containers (which cannot set resources) are exempt', () => {
    const passing = windowsPod(windowsPodSpec({ ephemeralContainers: [{ name: 'debug', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }] }));
    expect(findings([windowsDeployment(), passing], RULE)).toEqual([]);
  });
});

describe('memory-request-equals-limit', () => {
  const RULE = 'memory-request-equals-limit';
  const withMemory = (request: unknown, limit: unknown) => windowsDeployment(withContainers([
    windowsContainer({ resources: { limits: { memory: limit }, requests: { memory: request } } }),
  ]));

  test('a request below the limit warns, naming both', () => {
    expectFindings(findings([withMemory('512Mi', '2Gi')], RULE), RULE, [
      { path: `${D}.containers[0].resources.requests.memory`, severity: Severity.WARNING, names: 'requests memory 512Mi, below its limit 2Gi' },
    ]);
  });

  test.each([
    ['1G', '1Gi'], ['1000Mi', '1Gi'], ['999999999', '1G'], ['0.5Gi', '513Mi'],
  ])('request %s below limit %s warns (quantities compared in bytes)', (request, limit) => {
    expect(findings([withMemory(request, limit)], RULE)).toHaveLength(1);
  });

  test.each([
    ['1Gi', '1Gi'], ['1Gi', 1073741824], ['0.5Gi', '512Mi'], ['1e3', '1k'], ['500M', '0.5G'], ['1024Ki', '1Mi'], ['1E', '1e18'],
  ])('passing: request %s equals limit %s', (request, limit) => {
    expect(findings([withMemory(request, limit)], RULE)).toEqual([]);
  });

  test('passing: no request, or no limit (memory-limit-required covers that)', () => {
    const noRequest = windowsDeployment(withContainers([windowsContainer({ resources: { limits: { memory: '1Gi' } } })]));
    const noLimit = windowsDeployment(withContainers([windowsContainer({ resources: { requests: { memory: '1Gi' } } })]));
    expect(findings([noRequest, noLimit], RULE)).toEqual([]);
  });
});

describe('termination-message-path', () => {
  const RULE = 'termination-message-path';

  test('a custom path warns, naming it', () => {
    const violating = windowsPod(windowsPodSpec({ containers: [windowsContainer({ terminationMessagePath: 'C:\\termination.log' })] }));
    expectFindings(findings([violating], RULE), RULE, [
      { path: 'spec.containers[0].terminationMessagePath', severity: Severity.WARNING, names: 'terminationMessagePath: "C:\\\\termination.log"' },
    ]);
  });

  test('passing: the default path, set explicitly or not', () => {
    const passing = windowsPod(windowsPodSpec({ containers: [windowsContainer({ terminationMessagePath: '/dev/termination-log' })] }));
    expect(findings([passing, windowsPod()], RULE)).toEqual([]);
  });
});

describe('no-mount-propagation', () => {
  const RULE = 'no-mount-propagation';
  const withPropagation = (mountPropagation: string) => windowsDeployment(windowsPodSpec({
    volumes: [{ name: 'data', emptyDir: {} }],
    initContainers: [windowsContainer({ name: 'init', volumeMounts: [{ name: 'data', mountPath: 'C:\\data', mountPropagation }] })],
  }));

  test('HostToContainer is an error naming the mode', () => {
    expectFindings(findings([withPropagation('HostToContainer')], RULE), RULE, [
      { path: `${D}.initContainers[0].volumeMounts[0].mountPropagation`, severity: Severity.ERROR, names: 'mountPropagation: "HostToContainer"' },
    ]);
  });

  test('passing: None (private mounts are what Windows does), or unset', () => {
    expect(findings([withPropagation('None'), windowsDeployment()], RULE)).toEqual([]);
  });
});

describe('subpath-mount', () => {
  const RULE = 'subpath-mount';
  const withSubPath = (volume: any, mount: any, extra: any = {}) => windowsDeployment(windowsPodSpec({
    volumes: [volume],
    containers: [windowsContainer({ volumeMounts: [{ name: volume.name, mountPath: 'C:\\mnt', ...mount }] })],
    ...extra,
  }));
  const emptyDirSubPath = withSubPath({ name: 'data', emptyDir: {} }, { subPath: 'logs' });
  const secretSubPath = withSubPath(secretVolume, { subPath: 'password' });

  test('subPath into an emptyDir: error with Docker EE, warning with containerd', () => {
    const path = `${D}.containers[0].volumeMounts[0].subPath`;
    expectFindings(findings([emptyDirSubPath], RULE, DOCKER_EE), RULE, [{ path, severity: Severity.ERROR, names: 'volume \'data\' (emptyDir) with subPath: "logs"' }]);
    expectFindings(findings([emptyDirSubPath], RULE, CONTAINERD), RULE, [{ path, severity: Severity.WARNING, names: 'subPath: "logs"' }]);
  });

  test('subPath into a Secret: error with both runtimes', () => {
    const path = `${D}.containers[0].volumeMounts[0].subPath`;
    for (const profile of [DOCKER_EE, CONTAINERD]) {
      expectFindings(findings([secretSubPath], RULE, profile), RULE, [{ path, severity: Severity.ERROR, names: 'volume \'creds\' (secret) with subPath: "password"' }]);
    }
  });

  test.each(['configMap', 'downwardAPI', 'projected'])('subPathExpr into a %s volume is an error with containerd', type => {
    const source = type === 'configMap' ? { name: 'cm' } : type === 'downwardAPI' ? { items: [] } : { sources: [] };
    const object = withSubPath({ name: 'v', [type]: source }, { subPathExpr: '$(POD_NAME)' });
    expectFindings(findings([object], RULE), RULE, [
      { path: `${D}.containers[0].volumeMounts[0].subPathExpr`, severity: Severity.ERROR, names: `(${type}) with subPathExpr: "$(POD_NAME)"` },
    ]);
  });

  test('passing: whole-volume mounts, an empty subPath, and HostProcess containers', () => {
    const whole = withSubPath(secretVolume, {});
    const empty = withSubPath(secretVolume, { subPath: '' });
    const hostProcess = windowsDeployment(hostProcessPodSpec({
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [windowsContainer({ volumeMounts: [{ name: 'data', mountPath: 'C:\\mnt', subPath: 'logs' }] })],
    }));
    expect(findings([whole, empty, hostProcess], RULE, DOCKER_EE)).toEqual([]);
  });
});

describe('ephemeral containers are checked too', () => {
  test('an ephemeral container with a bad runAsUserName and a hugepages limit', () => {
    const pod = windowsPod(windowsPodSpec({
      ephemeralContainers: [{
        name: 'debug',
        image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
        securityContext: { windowsOptions: { runAsUserName: '' } },
        resources: { limits: { 'hugepages-2Mi': '2Mi' } },
      }],
    }));
    const result = runRules([pod], CONTAINERD, CONTAINER_RULES).map(f => `${f.rule} ${f.path}`);
    expect(result).toEqual([
      'invalid-run-as-user-name spec.ephemeralContainers[0].securityContext.windowsOptions.runAsUserName',
      'no-hugepages spec.ephemeralContainers[0].resources.limits[hugepages-2Mi]',
    ]);
  });
});

describe('stop-signal', () => {
  const RULE = 'stop-signal';
  const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });
  const withSignal = (stopSignal: string) => windowsDeployment(withContainers([windowsContainer({ lifecycle: { stopSignal } })]));

  test('a signal other than SIGTERM or SIGKILL is an error from 1.33; any stopSignal is an error before 1.33 (not a field yet)', () => {
    expectFindings(findings([withSignal('SIGINT')], RULE, K8S(33)), RULE, [
      { path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.ERROR, names: ['container \'app\' sets lifecycle.stopSignal: "SIGINT"', 'only SIGTERM and SIGKILL'] },
    ]);
    expectFindings(findings([withSignal('SIGTERM')], RULE), RULE, [
      { path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.ERROR, names: ['Kubernetes 1.27', 'exists from 1.33'] },
    ]);
  });

  test('SIGTERM or SIGKILL from 1.33 is an info: the alpha gate is off by default and the field is dropped', () => {
    expectFindings(findings([withSignal('SIGKILL')], RULE, K8S(37)), RULE, [
      { path: `${D}.containers[0].lifecycle.stopSignal`, severity: Severity.INFO, names: ['ContainerStopSignals is alpha and off by default'] },
    ]);
  });

  test('passing: lifecycle hooks without a stop signal', () => {
    const hooks = windowsDeployment(withContainers([windowsContainer({ lifecycle: { preStop: { exec: { command: ['powershell', '-c', 'Stop-Service w3svc'] } } } })]));
    expect(findings([hooks, windowsDeployment()], RULE, K8S(37))).toEqual([]);
  });
});

describe('image-needs-administrator', () => {
  const RULE = 'image-needs-administrator';
  const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';

  test('an IIS or ASP.NET image run as a non-administrator is a warning (ServiceMonitor crash-loops)', () => {
    const asContainerUser = windowsDeployment(withContainers([windowsContainer({ image: IIS })]));
    expectFindings(findings([asContainerUser], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.WARNING, names: [IIS, '"ContainerUser" (the pod\'s runAsUserName)', 'crash-loops'] },
    ]);
  });

  test('ContainerAdministrator set explicitly is an info saying why', () => {
    const asAdministrator = windowsDeployment(windowsPodSpec({
      securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } },
      containers: [windowsContainer({ image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8' })],
    }));
    expectFindings(findings([asAdministrator], RULE), RULE, [
      { path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.INFO, names: ['as ContainerAdministrator', 'which its ServiceMonitor needs'] },
    ]);
  });

  test('passing: other images as ContainerUser, and IIS with no user set (its default user is ContainerAdministrator)', () => {
    const unset = windowsDeployment(windowsPodSpec({ securityContext: {}, containers: [windowsContainer({ image: IIS })] }));
    expect(findings([windowsDeployment(), unset], RULE)).toEqual([]);
  });
});
