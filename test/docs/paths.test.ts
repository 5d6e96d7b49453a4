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
});
