// Comments and docs that name a file of the repository name one that exists: a grep over every
// tracked comment and markdown file for repository paths (src/..., test/..., docs/..., scripts/...,
// and paths relative to the commenting file's folder), each checked on disk.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const TOP_FOLDERS = ['src', 'test', 'docs', 'scripts', 'bench', 'examples', 'pulumi', 'rosetta', 'projenrc'];
const PATH = new RegExp(`(?<![\\w./@-])((?:\\.\\.?/)+[\\w.-]+(?:/[\\w.-]+)*|(?:${TOP_FOLDERS.join('|')})/[\\w./-]*)`, 'g');
/** Characters after a path that make it a pattern (`src/rules/<topic>/`, `test/**`, `${dir}/x`), not a file name. */
const PATTERN_AFTER = /^[<*{$]/;

/** The comment text of a source file (`//`, `/* *\/` or `#` comments), blanks elsewhere, lines kept. */
export function commentsOf(file: string, text: string): string {
  if (file.endsWith('.md')) return text;
  if (/\.(sh|py|ya?ml)$/.test(file) || path.basename(file) === '.gitignore') {
    return text.split('\n').map(line => (/(?:^|\s)#(.*)$/.exec(line)?.[1] ?? '')).join('\n');
  }
  const out: string[] = [];
  const pattern = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const keep = match[0].startsWith('/');
    out.push(text.slice(last, match.index).replace(/[^\n]/g, ' '));
    out.push(keep ? match[0] : match[0].replace(/[^\n]/g, ' '));
    last = match.index! + match[0].length;
  }
  out.push(text.slice(last).replace(/[^\n]/g, ' '));
  return out.join('');
}

/** The paths `text` (of `file`) names that exist neither from the root, nor from `file`'s package, nor (relative ones) from `file`'s folder. */
export function missingPaths(file: string, text: string, exists: (relative: string) => boolean): string[] {
  const missing: string[] = [];
  commentsOf(file, text).split('\n').forEach((line, index) => {
    for (const match of line.matchAll(PATH)) {
      const named = match[1].replace(/[.,:;]+$/, '');
      if (PATTERN_AFTER.test(line.slice(match.index! + match[0].length))) continue;
      // Installed packages are not the repository's; `./x` in prose or a shell line is relative to where one runs it.
      if (named.split('/').includes('node_modules') || (file.endsWith('.md') && named.startsWith('./'))) continue;
      const candidates = named.startsWith('.')
        ? [path.posix.normalize(path.posix.join(path.posix.dirname(file), named))]
        : [named, ...packageRoots(file).map(root => `${root}/${named}`)];
      if (!candidates.some(c => exists(c) || exists(`${c}.ts`))) missing.push(`${file}:${index + 1}: ${named}`);
    }
  });
  return missing;
}

/** The folders with their own package (pulumi/, examples/pulumi/, test/smoke/) that hold `file`, innermost first. */
function packageRoots(file: string): string[] {
  return ['examples/pulumi', 'pulumi', 'test/smoke', 'test/apiserver'].filter(root => file.startsWith(`${root}/`));
}

/** Tracked text files with comments or prose (third-party corpus files and generated API docs aside). */
function trackedFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return files.filter(f => /\.(ts|js|md|sh|py|go|ya?ml)$/.test(f))
    .filter(f => !f.startsWith('test/corpus/') && f !== 'API.md' && !f.startsWith('docs/api/'))
    .filter(f => fs.existsSync(path.join(ROOT, f)));
}

/** Whether `relative` exists, or is a build output the repository ignores (examples/dist/, test/apiserver/bin/). */
function existsOrIgnored(relative: string): boolean {
  if (fs.existsSync(path.join(ROOT, relative))) return true;
  // A trailing slash, for ignore patterns that match directories only.
  for (const candidate of [relative, `${relative}/`]) {
    try {
      execFileSync('git', ['check-ignore', '-q', '--no-index', candidate], { cwd: ROOT });
      return true;
    } catch {
      // not ignored under this name
    }
  }
  return false;
}

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** The anchors a markdown text defines: its headings' and its explicit `<a id>`s. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/^#{1,6} (.+)$/gm)) anchors.add(headingAnchor(match[1]));
  for (const match of markdown.matchAll(/<a (?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

/** The relative links of a markdown file (`[text](target#anchor)`) whose file or anchor does not exist. */
export function brokenLinks(file: string, markdown: string, read: (relative: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (/^[a-z]+:/i.test(target)) continue;
    const [pathPart, anchor] = target.split('#');
    const resolved = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart)).replace(/\/$/, '') : file;
    const text = read(resolved);
    if (text === undefined) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith('.md') && !anchorsOf(text).has(anchor)) broken.push(`${file}: ${target} (no such anchor)`);
  }
  return broken;
}

describe('paths named in comments and docs', () => {
  test('the scan finds a missing path, a stale relative one, and leaves patterns and code alone', () => {
    const exists = (p: string) => ['src/engine/catalog.ts', 'src/engine/check-plan.ts', 'docs'].includes(p);
    expect(missingPaths('src/cli/run.ts', [
      '// see ../check/targets.ts and ../engine/check-plan.ts',
      '/** src/engine/catalog and src/docs/features.ts, src/rules/<topic>/x.ts */',
      "const x = 'src/not/a/comment.ts';",
    ].join('\n'), exists)).toEqual(['src/cli/run.ts:1: ../check/targets.ts', 'src/cli/run.ts:2: src/docs/features.ts']);
    expect(missingPaths('README.md', 'Read docs/GONE.md and [x](docs).', exists)).toEqual(['README.md:1: docs/GONE.md']);
  });

  test('every path a comment or doc names exists', () => {
    const files = trackedFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'src/cli/run.ts', 'docs/ADDING-A-RULE.md']));
    const missing = files.flatMap(file => missingPaths(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), existsOrIgnored));
    expect(missing).toEqual([]);
  });

  test('the link check finds a missing file and a missing anchor', () => {
    const files: { [file: string]: string } = { 'docs/A.md': '# Choosing the Kubernetes and Windows Server targets\n<a id="pod"></a>', 'README.md': '' };
    const read = (p: string) => files[p];
    expect(headingAnchor('Choosing the Kubernetes and Windows Server targets')).toBe('choosing-the-kubernetes-and-windows-server-targets');
    expect(headingAnchor('Findings, strict mode, suppressions')).toBe('findings-strict-mode-suppressions');
    expect(brokenLinks('README.md', '[a](docs/A.md#pod) [b](docs/A.md#choosing-the-kubernetes-and-windows-server-targets) [c](https://x.invalid/y)', read)).toEqual([]);
    expect(brokenLinks('README.md', '[a](docs/B.md) [b](docs/A.md#nope)', read)).toEqual([
      'README.md: docs/B.md (no such file)', 'README.md: docs/A.md#nope (no such anchor)',
    ]);
  });

  test('every relative link of the markdown docs reaches its file and anchor', () => {
    const read = (relative: string) => {
      const absolute = path.join(ROOT, relative);
      if (!fs.existsSync(absolute)) return undefined;
      return fs.statSync(absolute).isDirectory() ? '' : fs.readFileSync(absolute, 'utf8');
    };
    const markdown = trackedFiles().filter(f => f.endsWith('.md'));
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'docs/WINDOWS-FACTS.md']));
    expect(markdown.flatMap(file => brokenLinks(file, read(file)!, read))).toEqual([]);
  });
});
