// Section 3 rules (containers, init and ephemeral containers): one violating and one passing case
// per rule, the gated severities, and the agreement of the runAsUserName and gMSA checks with the
// upstream API server on a table of values and on generated ones.
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { ContainerRuntime, KubernetesVersion, Severity, TargetProfile } from '../../src';
import { runRules } from '../../src/engine/run-rules';
import { CONTAINER_RULES } from '../../src/rules/container';
import { gmsaCredentialSpecErrors, gmsaCredentialSpecNameErrors } from '../../src/rules/container/invalid-gmsa';
import { runAsUserNameErrors } from '../../src/rules/container/invalid-run-as-user-name';
import { parseQuantity } from '../../src/rules/lib/quantity';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { expectFindings, ruleFindings } from '../support/rules';
import { upstreamValidatorPath, UpstreamVerdict, validateUpstream } from '../support/upstream-validator';

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

const maybeUpstream = upstreamValidationEnabled() ? test : test.skip;

/** U+007F to U+009F: legal raw in JSON, but the validator's YAML header probe rejects them raw. */
const YAML_UNSAFE = /[\u007f-\u009f]/g;

/**
 * validateUpstream with U+007F..U+009F sent as JSON escapes. The API server decodes JSON bodies
 * with a JSON decoder and takes these characters raw; test/apiserver probes every document with
 * a YAML parser first, which fails the whole document ("control characters are not allowed").
 */
function validateUpstreamJson(objects: any[]): UpstreamVerdict[] {
  const input = JSON.stringify(objects).replace(YAML_UNSAFE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const result = spawnSync(upstreamValidatorPath(), ['--json'], { input, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`apiserver-validate failed: ${result.stderr}`);
  const verdicts: UpstreamVerdict[] = JSON.parse(result.stdout);
  expect(verdicts).toHaveLength(objects.length);
  return verdicts;
}

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

  maybeUpstream('the API server rejects it at the same field; the baseline passes', () => {
    expect(validateUpstream([violating])[0].errors.map(e => e.field)).toEqual([`${D}.initContainers[0].securityContext.privileged`]);
    expect(findings([windowsDeployment()], 'no-privileged')).toEqual([]);
    expectValidManifests([windowsDeployment()]);
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

  maybeUpstream('the API server rejects every field at the same path (1.27 does not know appArmorProfile)', () => {
    const verdicts = validateUpstream(FIELDS.map(([field, value]) => objectFor(field, value)));
    FIELDS.forEach(([field], i) => {
      expect(verdicts[i].errors.map(e => e.field)).toEqual([`${C}.containers[0].securityContext.${field}`]);
      // appArmorProfile arrived in 1.30: the 1.27 validator fails it as an unknown field, newer ones as Forbidden.
      expect(verdicts[i].errors[0].type).toBe(field === 'appArmorProfile' ? 'StrictDecodingError' : 'FieldValueForbidden');
    });
  });

  test('passing: only windowsOptions and runAsNonRoot', () => {
    const passing = windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      containers: [windowsContainer({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }));
    expect(findings([passing], 'no-linux-security-context')).toEqual([]);
    if (upstreamValidationEnabled()) expectValidManifests([passing]);
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
    // The API server does not check this: the kubelet refuses to start the container.
    if (upstreamValidationEnabled()) expectValidManifests([admin]);
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

  maybeUpstream('the API server rejects the violating fixture at the same fields and accepts the passing one', () => {
    // Same fields and multiplicity; upstream reports containers before the pod securityContext.
    expect(validateUpstream([violating])[0].errors.map(e => e.field).sort()).toEqual(findings([violating], RULE).map(f => f.path).sort());
    expectValidManifests([passing]);
  });

  // [description, value, valid]
  const CASES: Array<[string, string, boolean]> = [
    ['ContainerUser', 'ContainerUser', true],
    ['ContainerAdministrator', 'ContainerAdministrator', true],
    ['NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\SYSTEM', true],
    ['NT AUTHORITY\\NETWORK SERVICE', 'NT AUTHORITY\\NETWORK SERVICE', true],
    ['DOMAIN\\user', 'DOMAIN\\user', true],
    ['contoso.com\\user', 'contoso.com\\user', true],
    ['user name with a space', 'my user', true],
    ['user ending in a dot', 'user.', true],
    ['NetBIOS-only domain (underscore)', 'MY_DOMAIN\\user', true],
    ['NetBIOS domain of 15 characters', 'MY_DOMAIN_ABCDE\\user', true],
    ['NetBIOS domain of 16 characters', 'MY_DOMAIN_ABCDEF\\user', false],
    ['NetBIOS domain ending in a dot', 'dom.\\user', true],
    ['NetBIOS domain of 15 two-byte characters (counted in characters)', `${'Ä'.repeat(15)}\\user`, true],
    ['NetBIOS domain of 16 two-byte characters', `${'Ä'.repeat(16)}\\user`, false],
    ['DNS domain with a 63-character label', `${'a'.repeat(63)}.com\\user`, true],
    ['DNS domain with a 64-character label', `${'a'.repeat(64)}.com\\user`, false],
    ['DNS domain of 255 bytes', `${Array(4).fill('a'.repeat(63)).join('.')}\\user`, true],
    ['DNS domain of 257 bytes (length check only)', `${Array(4).fill('a'.repeat(63)).join('.')}.a\\user`, false],
    ['domain of 256 characters', `${'d'.repeat(256)}\\user`, false],
    ['NetBIOS domain starting with a dot', '.dom\\user', false],
    ['domain with a colon', 'a:b\\user', false],
    ['empty domain', '\\user', false],
    ['only a backslash', '\\', false],
    ['empty', '', false],
    ['two backslashes', 'a\\b\\c', false],
    ['control character (BEL)', 'user\u0007', false],
    ['control character (tab)', 'my\tuser', false],
    ['control character (DEL)', 'user\u007f', false],
    ['control character before two backslashes (control wins)', 'a\\b\\c\u0007', false],
    ['C1 character (not an ASCII control)', 'user\u0080', true],
    ['user of 104 bytes', 'u'.repeat(104), true],
    ['user of 105 bytes', 'u'.repeat(105), false],
    ['user of 52 two-byte characters (104 bytes)', 'é'.repeat(52), true],
    ['user of 53 two-byte characters (106 bytes, counted in bytes)', 'é'.repeat(53), false],
    ['user of only dots', '...', false],
    ['user of only spaces', '   ', false],
    ['user of dots and spaces after a domain', 'DOMAIN\\. .', false],
    ['empty user after a domain', 'DOMAIN\\', false],
    ['user with @', 'user@contoso.com', false],
    ...['"', '/', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>', '[', ']'].map((c): [string, string, boolean] => [`user with ${c}`, `us${c}er`, false]),
    ['several failures at once', `${'d'.repeat(300)}\\${'.'.repeat(105)}`, false],
  ];

  test('the table is self-consistent with the engine', () => {
    for (const [name, value, valid] of CASES) {
      expect({ name, errors: runAsUserNameErrors(value).length > 0 }).toEqual({ name, errors: !valid });
    }
  });

  // Every case at three places: pod level (Deployment), container level (CronJob), init container (Pod).
  const placements = [
    {
      kind: 'Deployment pod',
      make: (value: string, i: number) => windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: value } } }), `d-${i}`),
      path: `${D}.securityContext.windowsOptions.runAsUserName`,
    },
    {
      kind: 'CronJob container',
      make: (value: string, i: number) => windowsCronJob(windowsPodSpec({
        restartPolicy: 'OnFailure',
        containers: [windowsContainer({ securityContext: { windowsOptions: { runAsUserName: value } } })],
      }), `c-${i}`),
      path: `${C}.containers[0].securityContext.windowsOptions.runAsUserName`,
    },
    {
      kind: 'Pod init container',
      make: (value: string, i: number) => windowsPod(windowsPodSpec({
        initContainers: [windowsContainer({ name: 'init', securityContext: { windowsOptions: { runAsUserName: value } } })],
      }), `p-${i}`),
      path: 'spec.initContainers[0].securityContext.windowsOptions.runAsUserName',
    },
  ];

  maybeUpstream('the engine and the upstream API server agree on every case, at every place', () => {
    const entries = CASES.flatMap(([name, value, valid], i) => placements.map(p => ({ name: `${name} (${p.kind})`, value, valid, path: p.path, object: p.make(value, i) })));
    const verdicts = validateUpstreamJson(entries.map(e => e.object));
    const disagreements: string[] = [];
    entries.forEach((entry, i) => {
      const upstream = verdicts[i].errors;
      const engine = findings([entry.object], RULE);
      const upstreamDetails = upstream.map(e => `${e.field}: ${e.detail}`);
      const expectedDetails = runAsUserNameErrors(entry.value).map(detail => `${entry.path}: ${detail}`);
      if (JSON.stringify(upstreamDetails) !== JSON.stringify(expectedDetails)) {
        disagreements.push(`${entry.name}: upstream ${JSON.stringify(upstreamDetails)}, engine ${JSON.stringify(expectedDetails)}`);
      }
      // The findings: one per upstream error, at its field, naming its detail, in upstream order.
      expect(engine.map(f => f.path)).toEqual(upstream.map(e => e.field));
      engine.forEach((finding, j) => expect(finding.message).toContain(`(${upstream[j].detail})`));
      expect({ name: entry.name, status: verdicts[i].status }).toEqual({ name: entry.name, status: entry.valid ? 'valid' : 'invalid' });
    });
    expect(disagreements).toEqual([]);
    // The schema and the shared validator too (which cannot take U+007F..U+009F raw, see above).
    expectValidManifests(entries.filter(e => e.valid && !e.value.match(YAML_UNSAFE)).map(e => e.object));
  });

  maybeUpstream('the engine and the upstream API server agree on 600 generated values', () => {
    const piece = fc.constantFrom('a', 'Z', '0', '-', '_', '.', '.', ' ', '\\', '@', '/', ':', '"', '*', '[', ']', 'é', '日', '\u0007', '\t', '\u007f', '\u0080', '\u00a0');
    const short = fc.array(piece, { maxLength: 18 }).map(p => p.join(''));
    const label = fc.integer({ min: 1, max: 66 }).map(n => 'l'.repeat(n));
    const longDomain = fc.array(label, { minLength: 1, maxLength: 5 }).map(labels => labels.join('.'));
    const domain = fc.oneof(fc.constant(undefined), short, longDomain, fc.integer({ min: 250, max: 260 }).map(n => 'd'.repeat(n)));
    const user = fc.oneof(short, fc.integer({ min: 100, max: 108 }).map(n => 'u'.repeat(n)), fc.integer({ min: 50, max: 54 }).map(n => 'é'.repeat(n)));
    const values = fc.sample(fc.tuple(domain, user).map(([d, u]) => d === undefined ? u : `${d}\\${u}`), { seed: 20240527, numRuns: 600 });
    const objects = values.map((value, i) => windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: value } } }), `g-${i}`));
    const verdicts = validateUpstreamJson(objects);
    const disagreements = values.flatMap((value, i) => {
      const upstream = verdicts[i].errors.map(e => e.detail);
      const engine = runAsUserNameErrors(value);
      return JSON.stringify(upstream) === JSON.stringify(engine) ? [] : [`${JSON.stringify(value)}: upstream ${JSON.stringify(upstream)}, engine ${JSON.stringify(engine)}`];
    });
    expect(disagreements).toEqual([]);
    // The generator must reach both outcomes to mean anything.
    expect(verdicts.filter(v => v.status === 'valid').length).toBeGreaterThan(50);
    expect(verdicts.filter(v => v.status === 'invalid').length).toBeGreaterThan(200);
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
    if (upstreamValidationEnabled()) expectValidManifests([passing]);
  });

  maybeUpstream('the API server rejects the violating fixture at the same fields', () => {
    // Same fields and multiplicity; upstream reports containers before the pod securityContext.
    expect(validateUpstream([violating])[0].errors.map(e => e.field).sort()).toEqual(findings([violating], RULE).map(f => f.path).sort());
  });

  // [description, field, value, valid]
  const CASES: Array<[string, 'gmsaCredentialSpecName' | 'gmsaCredentialSpec', string, boolean]> = [
    ['name webapp1', 'gmsaCredentialSpecName', 'webapp1', true],
    ['name with dots and dashes', 'gmsaCredentialSpecName', 'a.b-c.d', true],
    ['name of 253 characters', 'gmsaCredentialSpecName', 'x'.repeat(253), true],
    ['name of 254 characters', 'gmsaCredentialSpecName', 'x'.repeat(254), false],
    ['name of 254 characters with a bad start', 'gmsaCredentialSpecName', `-${'x'.repeat(253)}`, false],
    ['name with upper case', 'gmsaCredentialSpecName', 'WebApp', false],
    ['name with underscore', 'gmsaCredentialSpecName', 'Bad_Name', false],
    ['name starting with a dash', 'gmsaCredentialSpecName', '-web', false],
    ['name ending with a dash', 'gmsaCredentialSpecName', 'web-', false],
    ['name with an empty label', 'gmsaCredentialSpecName', 'web..app', false],
    ['empty name', 'gmsaCredentialSpecName', '', false],
    ['spec {}', 'gmsaCredentialSpec', '{}', true],
    ['spec of 65536 bytes', 'gmsaCredentialSpec', 'x'.repeat(65536), true],
    ['spec of 65537 bytes', 'gmsaCredentialSpec', 'x'.repeat(65537), false],
    ['spec of 32769 two-byte characters (65538 bytes)', 'gmsaCredentialSpec', 'é'.repeat(32769), false],
    ['empty spec', 'gmsaCredentialSpec', '', false],
  ];

  maybeUpstream('the engine and the upstream API server agree on every case, at pod and container level', () => {
    const entries = CASES.flatMap(([name, field, value, valid], i) => [
      { name: `${name} (pod)`, field, value, valid, path: `${D}.securityContext.windowsOptions.${field}`, object: windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { [field]: value } } }), `d-${i}`) },
      { name: `${name} (container)`, field, value, valid, path: `${D}.containers[0].securityContext.windowsOptions.${field}`, object: windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ securityContext: { windowsOptions: { [field]: value } } })] }), `c-${i}`) },
    ]);
    const verdicts = validateUpstream(entries.map(e => e.object));
    entries.forEach((entry, i) => {
      const errorsOf = entry.field === 'gmsaCredentialSpec' ? gmsaCredentialSpecErrors : gmsaCredentialSpecNameErrors;
      const upstream = verdicts[i].errors.map(e => ({ field: e.field, detail: e.detail }));
      const expected = errorsOf(entry.value).map(detail => ({ field: entry.path, detail }));
      expect({ name: entry.name, errors: upstream }).toEqual({ name: entry.name, errors: expected });
      expect({ name: entry.name, status: verdicts[i].status }).toEqual({ name: entry.name, status: entry.valid ? 'valid' : 'invalid' });
      const engine = findings([entry.object], RULE);
      expect(engine.map(f => f.path)).toEqual(upstream.map(e => e.field));
      engine.forEach((finding, j) => expect(finding.message).toContain(`(${upstream[j].detail})`));
    });
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

  test('parseQuantity', () => {
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E3')).toBe(1000);
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('500M')).toBe(5e8);
    expect(parseQuantity('0.5Gi')).toBe(2 ** 29);
    expect(parseQuantity('.5Gi')).toBe(2 ** 29);
    expect(parseQuantity('100m')).toBe(0.1);
    expect(parseQuantity(2048)).toBe(2048);
    expect(parseQuantity('12 GB')).toBeUndefined();
    expect(parseQuantity('Gi')).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
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

describe('linux-only-image', () => {
  const RULE = 'linux-only-image';

  test('an official image without a Windows build in a Windows pod is a warning naming it', () => {
    const sidecar = windowsDeployment(withContainers([windowsContainer(), windowsContainer({ name: 'proxy', image: 'nginx:1.27' })]));
    const init = windowsDeployment(withContainers([windowsContainer()], { initContainers: [windowsContainer({ name: 'wait', image: 'docker.io/library/busybox:1.36' })] }));
    expectFindings(findings([sidecar, init], RULE), RULE, [
      { path: `${D}.containers[1].image`, severity: Severity.WARNING, names: ['container \'proxy\' uses "nginx:1.27"', 'no Windows build'] },
      { path: `${D}.initContainers[0].image`, severity: Severity.WARNING, names: ['init container \'wait\'', 'BusyBox'] },
    ]);
  });

  test('images of other namespaces and registries known to be Linux-only: Fluent Bit release tags, the node exporter', () => {
    const images = ['fluent/fluent-bit:3.1.4', 'cr.fluentbit.io/fluent/fluent-bit:latest', 'quay.io/prometheus/node-exporter:v1.8.2', 'docker.io/prom/node-exporter'];
    const pod = windowsDeployment(withContainers(images.map((image, i) => windowsContainer({ name: `c${i}`, image, ports: undefined }))));
    expectFindings(findings([pod], RULE), RULE, [
      { path: `${D}.containers[0].image`, severity: Severity.WARNING, names: ['"fluent/fluent-bit:3.1.4"', 'Fluent Bit', 'windows-* tags'] },
      { path: `${D}.containers[1].image`, severity: Severity.WARNING, names: ['"cr.fluentbit.io/fluent/fluent-bit:latest"', 'Fluent Bit'] },
      { path: `${D}.containers[2].image`, severity: Severity.WARNING, names: ['node exporter', 'windows_exporter'] },
      { path: `${D}.containers[3].image`, severity: Severity.WARNING, names: ['"docker.io/prom/node-exporter"', 'node exporter'] },
    ]);
  });

  test('passing: images with Windows builds, Windows tags of listed names, other namespaces and registries', () => {
    const images = [
      'mcr.microsoft.com/dotnet/aspnet:8.0', 'mcr.microsoft.com/oss/kubernetes/pause:3.9', 'registry.k8s.io/e2e-test-images/agnhost:2.47',
      'registry.k8s.io/e2e-test-images/busybox:1.29-4', 'e2eteam/nginx:1.14-alpine', 'redis:3.0-nanoserver', 'node:20-windowsservercore-ltsc2022',
      'python:3.12', 'bitnami/redis:7.2', 'fluent/fluent-bit:windows-2022-3.1.4', 'cr.fluentbit.io/fluent/fluent-bit:windows-amd64-latest',
      'ghcr.io/prometheus-community/windows-exporter:0.29.2',
    ];
    expect(findings([windowsDeployment(withContainers(images.map((image, i) => windowsContainer({ name: `c${i}`, image, ports: undefined }))))], RULE)).toEqual([]);
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
