// What users and contributors read says what it means: no word of the project's own history or
// internal documents ("seed", "specification", "spec §") in findings, rule metadata, API docs
// (TSDoc in src/), the README, CONTRIBUTING.md or docs/.
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { renderRulesDoc } from '../../scripts/docs/rules-doc';
import { CATALOG } from '../../src/engine/catalog';
import { WindowsRules } from '../../src/engine/windows-rules';
import { ContainerRuntime, Isolation, KubernetesVersion, TargetProfile, WindowsServerVersion } from '../../src/model/profile';
import { realWorldCases } from '../support/real-world-corpus';

const ROOT = path.join(__dirname, '..', '..');

/** The words, each with what to say instead. */
const INTERNAL_WORDS: ReadonlyArray<{ readonly pattern: RegExp; readonly instead: string }> = [
  { pattern: /\bseed\b/i, instead: 'the release numbers (Kubernetes 1.14/1.15) or "the original Windows support overview"' },
  { pattern: /\bspecifications?\b/i, instead: 'the Windows facts (docs/WINDOWS-FACTS.md) or what the text means' },
  { pattern: /\bspec\s*§|§/i, instead: 'the topic, with a link to docs/WINDOWS-FACTS.md' },
];

/** `file:line: text` for every line of `text` that holds an internal word. */
function offences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { pattern, instead } of INTERNAL_WORDS) {
      const match = pattern.exec(line);
      if (match) found.push(`${file}:${index + 1}: "${match[0]}" (say ${instead}): ${line.trim().slice(0, 160)}`);
    }
  });
  return found;
}

/** Files a reader reads: the docs, and every source file whose comments become API docs or whose strings become messages. */
function readerFiles(): string[] {
  const walk = (dir: string, keep: (file: string) => boolean): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(rel, keep);
      return keep(rel) ? [rel] : [];
    });
  return [
    'README.md', 'CONTRIBUTING.md', 'API.md', 'pulumi/README.md',
    ...walk('docs', f => f.endsWith('.md')),
    ...walk('src', f => f.endsWith('.ts')),
    ...walk('scripts/docs', f => f.endsWith('.ts')),
    ...walk('pulumi/src', f => f.endsWith('.ts')),
    ...walk('examples', f => f.endsWith('.ts') && !f.includes('node_modules')),
  ].filter(file => fs.existsSync(path.join(ROOT, file)));
}

describe('no internal words in what readers read', () => {
  test('the detector finds each word (it can fail)', () => {
    expect(offences('x', 'The seed release')).toHaveLength(1);
    expect(offences('x', 'a seed-era annotation')).toHaveLength(1);
    expect(offences('x', '- **Seed topics:** a')).toHaveLength(1);
    expect(offences('x', 'see the specification')).toHaveLength(1);
    expect(offences('x', '| Spec § |')).toHaveLength(1);
    expect(offences('x', 'Kubernetes 1.14/1.15, the original Windows support overview')).toEqual([]);
  });

  test('docs and source files (comments, TSDoc, messages) have none', () => {
    const files = readerFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'API.md', 'docs/RULES.md', 'docs/WINDOWS-FACTS.md', 'docs/CLI.md']));
    expect(files.flatMap(file => offences(file, fs.readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });

  test('docs/RULES.md as the generator renders it has none', () => {
    expect(offences('docs/RULES.md (rendered)', renderRulesDoc())).toEqual([]);
  });

  test('every rule\'s summary, why, fix, gating and sources have none', () => {
    expect(CATALOG.length).toBeGreaterThan(0);
    const texts = CATALOG.flatMap(rule => [rule.summary, rule.why, rule.remediation, rule.gating ?? '', rule.sources]
      .map(text => offences(rule.name, text))).flat();
    expect(texts).toEqual([]);
  });

  test('findings over the real-world corpus, at old and new targets, have none in message and fix', () => {
    const objects = realWorldCases().flatMap(c => jsyaml.loadAll(c.text) as any[]).filter(o => o && typeof o === 'object');
    const profiles = [
      TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.14'), runtime: ContainerRuntime.DOCKER_EE, windowsServerVersion: WindowsServerVersion.WS2019 }),
      TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.27'), isolation: Isolation.HYPERV }),
      TargetProfile.of({ kubernetesVersion: KubernetesVersion.of('1.37'), windowsServerVersion: WindowsServerVersion.WS2025 }),
    ];
    const findings = profiles.flatMap(profile => WindowsRules.checkManifests(objects, { profile, assumeWindows: true }));
    // Not vacuous: the corpus makes many rules speak.
    expect(new Set(findings.map(f => f.rule)).size).toBeGreaterThan(15);
    expect(findings.flatMap(f => [...offences(f.rule, f.message), ...offences(f.rule, f.remediation)])).toEqual([]);
  });
});
