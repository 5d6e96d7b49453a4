// Section 4 rules (volumes): the examples of each rule (examples.ts), the runtime gating of
// hostPath types, and a fixture of everything Windows supports, which must stay quiet (and which
// the API server accepts: test/conformance/volume-rules.test.ts).
import { claim, claiming, D, DOCKER_EE, EXAMPLES, hostPath, nfsVolume, PROFILE } from './examples';
import { KubernetesVersion, Severity, TargetProfile } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { CONTAINER_RULES } from '../../../src/rules/container';
import { POD_RULES } from '../../../src/rules/pod';
import { VOLUME_RULES } from '../../../src/rules/volumes';
import { supportedWindowsFeatures, windowsCronJob, windowsDeployment, windowsPod } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const CONTAINERD = PROFILE;
const K8S = (minor: number) => TargetProfile.of({ kubernetesVersion: KubernetesVersion.fromMinor(minor) });

const findings = ruleFindings(VOLUME_RULES, CONTAINERD);

testExamples(EXAMPLES, VOLUME_RULES, PROFILE);

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 4 finding', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    expect(runRules(objects, CONTAINERD, VOLUME_RULES)).toEqual([]);
    expect(runRules(objects, DOCKER_EE, VOLUME_RULES)).toEqual([]);
  });
});

describe('supported features stay quiet', () => {
  const supported = supportedWindowsFeatures();

  test.each([['containerd', CONTAINERD], ['Docker EE', DOCKER_EE]])('no error or warning with %s; only the secret-on-node-disk info', (_name, profile) => {
    const all = runRules([supported], profile, [...POD_RULES, ...CONTAINER_RULES, ...VOLUME_RULES]);
    expect(all.map(f => ({ rule: f.rule, severity: f.severity, path: f.path }))).toEqual([
      { rule: 'secret-on-node-disk', severity: Severity.INFO, path: `${D}.volumes[1].secret` },
    ]);
  });
});

describe('no-nfs', () => {
  const RULE = 'no-nfs';

  test('a claim bound to an NFS PersistentVolume in the same batch (by volumeName or claimRef) is an error', () => {
    const byVolumeName = [claiming('shared'), claim('shared', 'nfs-pv'), nfsVolume('nfs-pv')];
    const byClaimRef = [claiming('shared', 'web'), nfsVolume('nfs-pv', { name: 'shared', namespace: 'web' })];
    for (const objects of [byVolumeName, byClaimRef]) {
      expectFindings(findings(objects, RULE), RULE, [
        { path: `${D}.volumes[0].persistentVolumeClaim.claimName`, severity: Severity.ERROR, names: 'bound to NFS PersistentVolume \'nfs-pv\' (nfs.contoso.com:/exports)' },
      ]);
    }
  });

  test('passing: a claim of the NFS volume\'s name in another namespace', () => {
    expect(findings([claiming('shared', 'web'), nfsVolume('nfs-pv', { name: 'shared', namespace: 'other' })], RULE)).toEqual([]);
  });
});

describe('directory-mounts-only', () => {
  const RULE = 'directory-mounts-only';

  test('File and FileOrCreate: errors with Docker EE, fine with containerd (single-file mapping)', () => {
    for (const type of ['File', 'FileOrCreate']) {
      expectFindings(findings([hostPath(type)], RULE, DOCKER_EE), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: `hostPath "C:\\\\etc\\\\app.json" with type: "${type}"` },
      ]);
      expect(findings([hostPath(type)], RULE, CONTAINERD)).toEqual([]);
    }
  });

  test.each(['CharDevice', 'BlockDevice'])('%s is an error with both runtimes', type => {
    for (const profile of [DOCKER_EE, CONTAINERD]) {
      expectFindings(findings([hostPath(type, 'C:\\dev\\thing')], RULE, profile), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: `type: "${type}"` },
      ]);
    }
  });

  test('Socket: an error with Docker EE and before Kubernetes 1.32 (the kubelet does not see Windows sockets), a warning from 1.32', () => {
    const socket = hostPath('Socket', 'C:\\var\\lib\\kubelet\\plugins\\csi.sock');
    expectFindings(findings([socket], RULE, DOCKER_EE), RULE, [
      { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: 'type: "Socket"' },
    ]);
    for (const minor of [27, 31]) {
      expectFindings(findings([socket], RULE, K8S(minor)), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.ERROR, names: ['type: "Socket"', `Kubernetes 1.${minor}`, 'fails to start'] },
      ]);
    }
    for (const minor of [32, 37]) {
      expectFindings(findings([socket], RULE, K8S(minor)), RULE, [
        { path: `${D}.volumes[0].hostPath.type`, severity: Severity.WARNING, names: ['type: "Socket"', 'recognises Windows sockets', 'not documented'] },
      ]);
    }
  });
});

