// Section 3 rules (containers, init and ephemeral containers): the examples of each rule
// (examples.ts), then every Linux-only field, quantities compared in bytes, and the runtime gating
// of subPath. Their agreement with the API server is in test/conformance/container-rules.test.ts.
import { C, D, DOCKER_EE, EXAMPLES, LINUX_ONLY_FIELDS as FIELDS, linuxOnlyFieldCronJob as objectFor, PROFILE, secretVolume, withMemory, withSubPath } from './examples';
import { Severity } from '../../../src';
import { runRules } from '../../../src/engine/run-rules';
import { CONTAINER_RULES } from '../../../src/rules/container';
import { windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../../support/fixtures';
import { expectFindings, ruleFindings, testExamples } from '../../support/rules';

const CONTAINERD = PROFILE;

const findings = ruleFindings(CONTAINER_RULES, CONTAINERD);

testExamples(EXAMPLES, CONTAINER_RULES, PROFILE);

describe('clean baseline', () => {
  test('Deployment, Pod and CronJob fixtures give no section 3 finding', () => {
    const objects = [windowsDeployment(), windowsPod(), windowsCronJob()];
    expect(runRules(objects, CONTAINERD, CONTAINER_RULES)).toEqual([]);
    expect(runRules(objects, DOCKER_EE, CONTAINER_RULES)).toEqual([]);
  });
});

describe('no-linux-security-context', () => {

  test.each(FIELDS)('%s on a CronJob container is an error naming the value', (field, value) => {
    expectFindings(findings([objectFor(field, value)], 'no-linux-security-context'), 'no-linux-security-context', [
      { path: `${C}.containers[0].securityContext.${field}`, severity: Severity.ERROR, names: `${field}: ${JSON.stringify(value)}` },
    ]);
  });

  test('each field gives its own reason, and only its own', () => {
    const reasons: { [field: string]: string } = {
      allowPrivilegeEscalation: 'no setuid-style privilege escalation',
      capabilities: 'no POSIX capabilities',
      procMount: 'no /proc',
      readOnlyRootFilesystem: 'needs a writable root',
      runAsUser: 'no UIDs',
      runAsGroup: 'no GIDs',
      seLinuxOptions: 'no SELinux',
      seccompProfile: 'no seccomp',
      appArmorProfile: 'no AppArmor',
    };
    for (const [field, value] of FIELDS) {
      const [finding] = findings([objectFor(field, value)], 'no-linux-security-context');
      expect(finding.message).toContain(reasons[field]);
      for (const [other, reason] of Object.entries(reasons)) if (other !== field) expect(finding.message).not.toContain(reason);
      expect(finding.message).toContain('the API server rejects the field for Windows pods');
      // The fix names the field and does not repeat the reason.
      expect(finding.remediation).toContain(`Remove \`${field}\``);
      expect(finding.remediation).not.toContain(reasons[field]);
    }
  });
});

describe('invalid-gmsa', () => {
  const RULE = 'invalid-gmsa';

  test('a long credential spec is shortened in the message', () => {
    const object = windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { gmsaCredentialSpec: 'x'.repeat(70000) } } }));
    const [finding] = findings([object], RULE);
    expect(finding.message).toContain('… (70000 bytes) (gmsaCredentialSpec size must be under 64 KiB)');
    expect(finding.message.length).toBeLessThan(600);
  });
});

describe('memory-request-equals-limit', () => {
  const RULE = 'memory-request-equals-limit';

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
});

describe('subpath-mount', () => {
  const RULE = 'subpath-mount';
  const secretSubPath = withSubPath(secretVolume, { subPath: 'password' });

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
