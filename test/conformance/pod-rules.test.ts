// The pod rules against the upstream API server: where a rule mirrors an API-server check (host
// namespaces, shareProcessNamespace, Linux-only pod security fields), both reject the same fields;
// where the API server lets a manifest through (hostNetwork without HostProcess, hostUsers on
// 1.27), it accepts the rule's examples and only the rule catches them.
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { validateUpstream } from '../support/upstream-validator';

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

/** The upstream error fields of each object. */
function upstreamFields(objects: any[]): string[][] {
  return validateUpstream(objects).map(v => v.errors.map(e => e.field));
}

maybe('no-host-network', () => {
  test('the API server lets hostNetwork: true through: the kubelet ignores it without the WindowsHostNetwork gate', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({ hostNetwork: true }))]);
  });

  test('the API server accepts the passing examples: HostProcess pods (pod-level or container-level) with hostNetwork: true', () => {
    const podLevel = windowsDeployment(windowsPodSpec({
      hostNetwork: true,
      securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } },
    }));
    const containerLevel = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      hostNetwork: true,
      securityContext: {},
      containers: [windowsContainer({ securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } } })],
    }));
    expectValidManifests([podLevel, containerLevel]);
  });
});

maybe('no-host-namespaces', () => {
  test('the API server rejects both at the same fields and accepts false', () => {
    const violating = windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', hostPID: true, hostIPC: true }));
    const passing = windowsCronJob(windowsPodSpec({ restartPolicy: 'OnFailure', hostPID: false, hostIPC: false }));
    expect(upstreamFields([violating])[0].sort()).toEqual([`${C}.hostIPC`, `${C}.hostPID`]);
    expectValidManifests([passing]);
  });
});

maybe('no-share-process-namespace', () => {
  test('the API server rejects it at the same field, even false', () => {
    expect(upstreamFields([windowsPod(windowsPodSpec({ shareProcessNamespace: false }))])).toEqual([['spec.shareProcessNamespace']]);
    expectValidManifests([windowsPod()]);
  });
});

maybe('no-host-users', () => {
  // KNOWN DISAGREEMENT, kept visible: validateWindows rejects hostUsers, but the 1.27 validator runs
  // with the UserNamespacesStatelessPodsSupport gate at its default (alpha, off), and
  // DropDisabledPodFields removes hostUsers before validation. The API server then accepts the pod
  // and silently drops the field; with the gate on (newer clusters) it rejects it.
  test('the 1.27 API server (user-namespaces gate off) drops hostUsers instead of rejecting it', () => {
    const violating = windowsDeployment(windowsPodSpec({ hostUsers: true }));
    expect(upstreamFields([violating, windowsDeployment(windowsPodSpec({ hostUsers: false }))])).toEqual([[], []]);
  });
});

maybe('no-linux-pod-security-context', () => {
  const FIELDS: Array<[string, unknown]> = [
    ['runAsUser', 1000], ['runAsGroup', 1000], ['supplementalGroups', [1000]], ['supplementalGroupsPolicy', 'Merge'],
    ['fsGroup', 1000], ['fsGroupChangePolicy', 'Always'], ['sysctls', [{ name: 'kernel.shm_rmid_forced', value: '1' }]],
    ['seLinuxOptions', { level: 's0:c123,c456' }], ['seLinuxChangePolicy', 'Recursive'], ['seccompProfile', { type: 'RuntimeDefault' }],
    ['appArmorProfile', { type: 'RuntimeDefault' }],
  ];
  /** Fields Kubernetes 1.27 does not know yet: its validator fails them as unknown fields. */
  const NEWER_THAN_1_27 = ['supplementalGroupsPolicy', 'seLinuxChangePolicy', 'appArmorProfile'];
  const objectFor = (field: string, value: unknown) => windowsDeployment(windowsPodSpec({
    securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' }, [field]: value },
  }), `d-${field.toLowerCase()}`);

  test('the API server rejects every field at the same path', () => {
    const verdicts = validateUpstream(FIELDS.map(([field, value]) => objectFor(field, value)));
    FIELDS.forEach(([field], i) => {
      expect(verdicts[i].errors.map(e => e.field)).toEqual([`${D}.securityContext.${field}`]);
      expect(verdicts[i].errors[0].type).toBe(NEWER_THAN_1_27.includes(field) ? 'StrictDecodingError' : 'FieldValueForbidden');
    });
  });

  test('the API server accepts the passing example: runAsNonRoot, windowsOptions and an empty sysctls list', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({
      securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' }, sysctls: [] },
    }))]);
  });
});
