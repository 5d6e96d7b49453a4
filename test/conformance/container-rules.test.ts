// The container rules against the upstream API server: where a rule mirrors an API-server check
// (runAsUserName, gMSA, Linux-only security fields, privileged), both reject the same fields, on
// the rules' examples, on tables of values and on generated ones; where the API server lets a
// manifest through, it accepts the rule's examples and only the rule catches them.
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { TargetProfile } from '../../src';
import { CONTAINER_RULES } from '../../src/rules/container';
import { gmsaCredentialSpecErrors, gmsaCredentialSpecNameErrors } from '../../src/rules/container/invalid-gmsa';
import { runAsUserNameErrors } from '../../src/rules/container/invalid-run-as-user-name';
import { LINUX_ONLY_FIELDS as FIELDS, linuxOnlyFieldCronJob as objectFor } from '../rules/container/examples';
import { windowsContainer, windowsCronJob, windowsDeployment, windowsPod, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';
import { ruleFindings } from '../support/rules';
import { upstreamValidatorPath, UpstreamVerdict, validateUpstream } from '../support/upstream-validator';

const D = 'spec.template.spec';
const C = 'spec.jobTemplate.spec.template.spec';

const findings = ruleFindings(CONTAINER_RULES, TargetProfile.of());

const maybe = upstreamValidationEnabled() ? describe : describe.skip;
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

maybe('no-privileged', () => {
  test('the API server rejects privileged: false at the same field; the baseline passes', () => {
    const violating = windowsDeployment(windowsPodSpec({
      initContainers: [windowsContainer({ name: 'init', securityContext: { privileged: false } })],
    }));
    expect(validateUpstream([violating])[0].errors.map(e => e.field)).toEqual([`${D}.initContainers[0].securityContext.privileged`]);
    expect(findings([windowsDeployment()], 'no-privileged')).toEqual([]);
    expectValidManifests([windowsDeployment()]);
  });
});

maybe('no-linux-security-context', () => {

  test('the API server rejects every field at the same path (1.27 does not know appArmorProfile)', () => {
    const verdicts = validateUpstream(FIELDS.map(([field, value]) => objectFor(field, value)));
    FIELDS.forEach(([field], i) => {
      expect(verdicts[i].errors.map(e => e.field)).toEqual([`${C}.containers[0].securityContext.${field}`]);
      // appArmorProfile arrived in 1.30: the 1.27 validator fails it as an unknown field, newer ones as Forbidden.
      expect(verdicts[i].errors[0].type).toBe(field === 'appArmorProfile' ? 'StrictDecodingError' : 'FieldValueForbidden');
    });
  });

  test('the API server accepts the passing example: only windowsOptions and runAsNonRoot', () => {
    expectValidManifests([windowsCronJob(windowsPodSpec({
      restartPolicy: 'OnFailure',
      containers: [windowsContainer({ securityContext: { runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }))]);
  });
});

maybe('run-as-non-root-conflict', () => {
  test('the API server accepts ContainerAdministrator with runAsNonRoot: the kubelet refuses to start the container', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({ securityContext: { windowsOptions: { runAsUserName: 'ContainerAdministrator' } } }))]);
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

  maybeUpstream('the API server accepts the passing example: a valid name at pod and container level', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({
      securityContext: { windowsOptions: { runAsUserName: 'ContainerUser', gmsaCredentialSpecName: 'webapp1' } },
      containers: [windowsContainer({ securityContext: { windowsOptions: { gmsaCredentialSpecName: 'web.app-2' } } })],
    }))]);
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
});
