// The examples of the placement rules: pods whose placement or images violate each rule, with its
// findings, and pods that pass it. test/rules/placement/placement.test.ts runs them.
import { Severity, TargetProfile, WindowsServerVersion } from '../../../src';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { RuleExamples } from '../../support/rules';

export const PROFILE = TargetProfile.of();
export const WS2019 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2019 });
export const WS2022 = TargetProfile.of({ windowsServerVersion: WindowsServerVersion.WS2022 });

export const D = 'spec.template.spec';
export const C = 'spec.jobTemplate.spec.template.spec';

export const LTSC2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
export const LTSC2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
export const LTSC2025 = 'mcr.microsoft.com/windows/server:ltsc2025';
export const NANO1809 = 'mcr.microsoft.com/windows/nanoserver:1809';

/** A Windows pod spec without the windows-build selector (the target then comes from the profile). */
export const unpinned = (overrides: any = {}) => windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows' }, ...overrides });
/** An unpinned pod spec with one container per image. */
export const withImages = (images: string[], overrides: any = {}) => unpinned({
  containers: images.map((image, i) => windowsContainer({ name: `c${i}`, image })),
  ...overrides,
});
/** A pod spec with no placement at all. */
export const unplaced = (overrides: any = {}) => windowsPodSpec({ os: undefined, nodeSelector: undefined, tolerations: undefined, ...overrides });
/** A pod spec with no Windows placement at all, and a Linux-or-multi-arch image. */
export const unplacedIntent = (overrides: any = {}, container: any = {}) => windowsPodSpec({
  os: undefined,
  nodeSelector: undefined,
  tolerations: undefined,
  securityContext: undefined,
  containers: [windowsContainer({ image: 'contoso.azurecr.io/app:1.0', ...container })],
  ...overrides,
});
/** Required node affinity with one term per list of kubernetes.io/os values. */
const osAffinity = (values: string[][]) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: values.map(v => ({ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: v }] })),
    },
  },
});

const untaggedImages = windowsDeployment(withImages(['mcr.microsoft.com/windows/servercore', 'mcr.microsoft.com/windows/nanoserver:latest', 'contoso.azurecr.io/app:1.0']));
const WINDOWS_BUILD_IMAGES = [
  'mcr.microsoft.com/dotnet/aspnet:8.0', 'mcr.microsoft.com/oss/kubernetes/pause:3.9', 'registry.k8s.io/e2e-test-images/agnhost:2.47',
  'registry.k8s.io/e2e-test-images/busybox:1.29-4', 'e2eteam/nginx:1.14-alpine', 'redis:3.0-nanoserver', 'node:20-windowsservercore-ltsc2022',
  'python:3.12', 'bitnami/redis:7.2', 'fluent/fluent-bit:windows-2022-3.1.4', 'cr.fluentbit.io/fluent/fluent-bit:windows-amd64-latest',
  'ghcr.io/prometheus-community/windows-exporter:0.29.2',
];

/** Images of other namespaces and registries known to have no Windows build. */
const LINUX_ONLY_NON_OFFICIAL = ['fluent/fluent-bit:3.1.4', 'cr.fluentbit.io/fluent/fluent-bit:latest', 'quay.io/prometheus/node-exporter:v1.8.2', 'docker.io/prom/node-exporter'];

export const EXAMPLES: readonly RuleExamples[] = [
  {
    rule: 'windows-image-build-mismatch',
    violating: [{
      name: 'no target: a later container of another build is an error naming both builds',
      objects: [windowsDeployment(withImages([LTSC2022, NANO1809, LTSC2022]))],
      findings: [{ path: `${D}.containers[1].image`, severity: Severity.ERROR, names: ['container \'c1\'', NANO1809, '10.0.17763', 'container \'c0\'', '10.0.20348'] }],
    }],
    passing: [{
      name: 'the same build everywhere, untagged or latest images, and no Windows build at all',
      objects: [windowsDeployment(withImages([LTSC2022, 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022'])), untaggedImages],
      profile: WS2022,
    }, {
      name: 'untagged or latest images on a 2019 target',
      objects: [untaggedImages],
      profile: WS2019,
    }, {
      name: 'the node selector wins over the profile',
      objects: [windowsDeployment()],
      profile: WS2019,
    }],
  },
  {
    rule: 'os-selector-conflict',
    violating: [{
      name: 'spec.os.name windows with a linux node selector is an error at the selector',
      objects: [windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'linux' } }))],
      findings: [{ path: `${D}.nodeSelector[kubernetes.io/os]`, severity: Severity.ERROR, names: ['nodeSelector kubernetes.io/os: linux', 'spec.os.name: windows'] }],
    }, {
      name: 'spec.os.name linux with Windows selectors: each selector is an error (CronJob)',
      objects: [windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', os: { name: 'linux' }, securityContext: {} }))],
      findings: [
        { path: `${C}.nodeSelector[kubernetes.io/os]`, severity: Severity.ERROR, names: ['nodeSelector kubernetes.io/os: windows', 'spec.os.name: linux'] },
        { path: `${C}.nodeSelector[node.kubernetes.io/windows-build]`, severity: Severity.ERROR, names: ['node.kubernetes.io/windows-build: 10.0.20348', 'spec.os.name: linux'] },
      ],
    }, {
      name: 'a windows-build selector with a linux OS selector, and the legacy beta label',
      objects: [windowsPod(windowsPodSpec({
        os: undefined,
        nodeSelector: { 'beta.kubernetes.io/os': 'linux', 'node.kubernetes.io/windows-build': '10.0.17763' },
      }))],
      findings: [{ path: 'spec.nodeSelector[node.kubernetes.io/windows-build]', severity: Severity.ERROR, names: ['10.0.17763', 'beta.kubernetes.io/os: linux'] }],
    }, {
      name: 'a required node affinity term on the other OS is an error at its expression',
      objects: [windowsDeployment(windowsPodSpec({
        nodeSelector: undefined,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
              ],
            },
          },
        },
      }))],
      findings: [{ path: `${D}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1]`, severity: Severity.ERROR, names: ['kubernetes.io/os In [linux]', 'spec.os.name: windows'] }],
    }],
    passing: [{
      name: 'consistent placement, ORed terms naming different OSes, a Linux pod with Linux placement',
      objects: [
        windowsDeployment(windowsPodSpec({ affinity: osAffinity([['windows']]) })),
        windowsDeployment(windowsPodSpec({ os: undefined, nodeSelector: undefined, affinity: osAffinity([['windows'], ['linux']]) })),
        windowsDeployment(windowsPodSpec({ affinity: osAffinity([['linux', 'windows']]) })),
        windowsPod({ os: { name: 'linux' }, nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      ],
    }],
  },
  {
    rule: 'windows-image-without-windows-placement',
    violating: [{
      name: 'a Windows image in a pod with no placement is an error at each Windows image',
      objects: [windowsDeployment(unplaced({
        initContainers: [windowsContainer({ name: 'init', image: 'busybox:1.36' })],
        containers: [windowsContainer(), windowsContainer({ name: 'nano', image: NANO1809 })],
      }))],
      findings: [
        { path: `${D}.containers[0].image`, severity: Severity.ERROR, names: ['container \'app\'', '8.0-windowsservercore-ltsc2022', 'no Windows placement'] },
        { path: `${D}.containers[1].image`, severity: Severity.ERROR, names: ['container \'nano\'', NANO1809] },
      ],
    }, {
      name: 'a Windows image in a pod placed on Linux names the Linux placement (CronJob)',
      objects: [windowsCronJob(unplaced({ restartPolicy: 'OnFailure', securityContext: {}, os: { name: 'linux' } }))],
      findings: [{ path: `${C}.containers[0].image`, severity: Severity.ERROR, names: ['targets Linux (spec.os.name: linux)'] }],
    }],
    passing: [{
      name: 'any one Windows placement, or no Windows image',
      objects: [
        windowsDeployment(unplaced({ os: { name: 'windows' } }), 'os'),
        windowsDeployment(unplaced({ nodeSelector: { 'kubernetes.io/os': 'windows' } }), 'selector'),
        windowsDeployment(unplaced({ nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.20348' } }), 'build'),
        windowsDeployment(unplaced({ runtimeClassName: 'windows-2022' }), 'runtime-class'),
        windowsDeployment(unplaced({ affinity: osAffinity([['windows']]) }), 'affinity'),
        windowsDeployment(unplaced({ containers: [windowsContainer({ image: 'nginx:1.27' })] }), 'linux'),
      ],
    }],
  },
  {
    rule: 'windows-intent-without-placement',
    violating: [{
      name: 'a pod that targets Linux says so in the message',
      objects: [windowsDeployment(unplacedIntent({ nodeSelector: { 'kubernetes.io/os': 'linux' }, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } }))],
      findings: [{ path: `${D}.securityContext.windowsOptions.runAsUserName`, severity: Severity.ERROR, names: ['the pod targets Linux (nodeSelector kubernetes.io/os: linux)'] }],
    }],
    passing: [{
      name: 'the same settings with Windows placement (kubernetes.io/os, AKS os-sku, a RuntimeClass), hostProcess: false, POSIX paths',
      objects: [
        windowsDeployment(unplacedIntent({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } }, nodeSelector: { 'kubernetes.io/os': 'windows' } })),
        windowsDeployment(unplacedIntent({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } }, nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' } })),
        windowsDeployment(unplacedIntent({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'webapp1' } }, runtimeClassName: 'windows-2022' })),
        windowsDeployment(unplacedIntent({ securityContext: { windowsOptions: { hostProcess: false } } })),
        windowsDeployment(unplacedIntent({ volumes: [{ name: 'data', hostPath: { path: '/var/lib/data' } }] }, { volumeMounts: [{ name: 'data', mountPath: '/data' }] })),
        windowsDeployment(),
      ],
    }],
  },
  {
    rule: 'linux-only-image',
    violating: [{
      name: 'an official image without a Windows build in a Windows pod is a warning naming it',
      objects: [
        windowsDeployment(windowsPodSpec({ containers: [windowsContainer(), windowsContainer({ name: 'proxy', image: 'nginx:1.27' })] })),
        windowsDeployment(windowsPodSpec({ initContainers: [windowsContainer({ name: 'wait', image: 'docker.io/library/busybox:1.36' })] })),
      ],
      findings: [
        { path: `${D}.containers[1].image`, severity: Severity.WARNING, names: ['container \'proxy\' uses "nginx:1.27"', 'no Windows build'] },
        { path: `${D}.initContainers[0].image`, severity: Severity.WARNING, names: ['init container \'wait\'', 'BusyBox'] },
      ],
    }, {
      name: 'images of other namespaces and registries known to be Linux-only: Fluent Bit release tags, the node exporter',
      objects: [windowsDeployment(windowsPodSpec({ containers: LINUX_ONLY_NON_OFFICIAL.map((image, i) => windowsContainer({ name: `c${i}`, image, ports: undefined })) }))],
      findings: [
        { path: `${D}.containers[0].image`, severity: Severity.WARNING, names: ['"fluent/fluent-bit:3.1.4"', 'Fluent Bit', 'windows-* tags'] },
        { path: `${D}.containers[1].image`, severity: Severity.WARNING, names: ['"cr.fluentbit.io/fluent/fluent-bit:latest"', 'Fluent Bit'] },
        { path: `${D}.containers[2].image`, severity: Severity.WARNING, names: ['node exporter', 'windows_exporter'] },
        { path: `${D}.containers[3].image`, severity: Severity.WARNING, names: ['"docker.io/prom/node-exporter"', 'node exporter'] },
      ],
    }],
    passing: [{
      name: 'images with Windows builds, Windows tags of listed names, other namespaces and registries',
      objects: [windowsDeployment(windowsPodSpec({ containers: WINDOWS_BUILD_IMAGES.map((image, i) => windowsContainer({ name: `c${i}`, image, ports: undefined })) }))],
    }],
  },
];
