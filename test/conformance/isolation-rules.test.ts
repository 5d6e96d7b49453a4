// The HostProcess and Hyper-V rules against the upstream API server: where a rule mirrors an
// API-server check (validateWindowsHostProcessPod), both reject the same pods at the same fields
// (or the API server at the pod spec that contains the rule's fields); where the API server lets a
// pod through (runAsNonRoot with HostProcess, the Hyper-V annotation), only the rule catches it.
import { TargetProfile } from '../../src';
import { ISOLATION_RULES } from '../../src/rules/isolation';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { ruleFindings } from '../support/rules';
import { validateUpstream } from '../support/upstream-validator';

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';
const HYPERV_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';

const findings = ruleFindings(ISOLATION_RULES, TargetProfile.of());
const maybe = upstreamValidationEnabled() ? describe : describe.skip;

/** Field paths of the upstream rejection of each object. */
function upstreamFields(objects: any[]): string[][] {
  return validateUpstream(objects).map(v => v.errors.map(e => e.field));
}

/** A valid HostProcess pod: every container HostProcess (from the pod), host network, a host account, no runAsNonRoot. */
const hostProcessPodSpec = (overrides: any = {}) => windowsPodSpec({
  hostNetwork: true,
  securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
  initContainers: [windowsContainer({ name: 'setup' })],
  containers: [windowsContainer({ name: 'agent' })],
  ...overrides,
});
/** A container that is HostProcess by its own setting. */
const hostProcessContainer = (name: string) => windowsContainer({ name, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } });

maybe('host-process-* rules', () => {
  test('the valid HostProcess pod passes the API server too', () => {
    expectValidManifests([windowsDeployment(hostProcessPodSpec(), 'agent'), windowsCronJob(hostProcessPodSpec({ restartPolicy: 'OnFailure' }), 'agent-job')]);
  });

  test('host-process-all-containers: the API server rejects the mixed pod at the pod spec, which contains the engine\'s fields', () => {
    const violating = windowsDeployment(windowsPodSpec({
      hostNetwork: true,
      securityContext: {},
      containers: [hostProcessContainer('agent'), windowsContainer({ name: 'plain', ports: [{ containerPort: 8080 }] })],
      initContainers: [windowsContainer({ name: 'init', ports: undefined })],
    }));
    const [fields] = upstreamFields([violating]);
    // Upstream reports the whole pod spec ("all containers must be HostProcess containers"); the engine names each container.
    expect(fields).toEqual([D]);
    for (const finding of findings([violating], 'host-process-all-containers')) expect(finding.path.startsWith(`${fields[0]}.`)).toBe(true);
  });

  test('host-process-host-network: the API server rejects hostNetwork missing or false at the same field', () => {
    const missing = windowsDeployment(hostProcessPodSpec({ hostNetwork: undefined }));
    const off = windowsCronJob(hostProcessPodSpec({ hostNetwork: false, restartPolicy: 'OnFailure' }));
    expect(upstreamFields([missing, off])).toEqual([[`${D}.hostNetwork`], [`${C}.hostNetwork`]]);
  });

  test('host-process-flag-mismatch: the API server rejects both at the same field (and the mixed pod at the pod spec)', () => {
    const podTrue = windowsDeployment(hostProcessPodSpec({
      initContainers: [windowsContainer({ name: 'setup', securityContext: { windowsOptions: { hostProcess: false } } })],
    }));
    const podFalse = windowsPod(windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: false, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
      containers: [windowsContainer({ name: 'agent', securityContext: { windowsOptions: { hostProcess: true } } })],
    }));
    expect(upstreamFields([podTrue, podFalse])).toEqual([
      [`${D}.initContainers[0].securityContext.windowsOptions.hostProcess`, D],
      ['spec.containers[0].securityContext.windowsOptions.hostProcess'],
    ]);
  });

  test('host-process-run-as-non-root: the API server does not check runAsNonRoot for HostProcess pods (the engine does)', () => {
    expectValidManifests([windowsDeployment(hostProcessPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    }))]);
  });

  test('the API server accepts the passing example with hostProcess: false everywhere', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: false, runAsUserName: 'ContainerUser' } },
      containers: [windowsContainer({ securityContext: { windowsOptions: { hostProcess: false } } })],
    }))]);
  });
});

maybe('hyperv-single-container', () => {
  test('the API server accepts any annotation: only the rule sees two containers under Hyper-V', () => {
    const twoContainers = windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ name: 'a' }), windowsContainer({ name: 'b' })] }));
    twoContainers.spec.template.metadata = { ...twoContainers.spec.template.metadata, annotations: { [HYPERV_ANNOTATION]: 'hyperv' } };
    expectValidManifests([twoContainers]);
  });
});
