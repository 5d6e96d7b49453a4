// The real-world corpus (test/corpus/real-world/): cases written for this project, each modeled
// on a Windows manifest published in a public repository, with its provenance and expectations
// in a comment header (see test/corpus/real-world/README.md).
import * as fs from 'fs';
import * as path from 'path';

export const REAL_WORLD_DIR = path.join(__dirname, '..', 'corpus', 'real-world');

export interface RealWorldCase {
  /** `<owner__repo>/<name>` */
  readonly id: string;
  readonly file: string;
  /** `<owner/repo> <path> @ <commit>` */
  readonly source: string;
  readonly license: string;
  readonly intent: string;
  /** Rule ids expected at error and warning severity (infos are not listed). */
  readonly errors: string[];
  readonly warnings: string[];
  /** The upstream API server's verdicts on the case's objects, `valid`/`invalid` each, per release. */
  readonly upstream: { readonly 1.27?: string[]; readonly 1.37?: string[] };
  readonly text: string;
}

function list(value: string | undefined): string[] {
  if (!value || value.trim() === 'none') return [];
  return value.split(',').map(v => v.trim()).filter(Boolean).sort();
}

export function realWorldCases(): RealWorldCase[] {
  return fs.readdirSync(REAL_WORLD_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(dir => fs.readdirSync(path.join(REAL_WORLD_DIR, dir.name)).filter(f => f.endsWith('.yaml')).sort().map(f => path.join(REAL_WORLD_DIR, dir.name, f)))
    .map(file => {
      const text = fs.readFileSync(file, 'utf8');
      const header: { [key: string]: string } = {};
      for (const line of text.split('\n')) {
        if (!line.startsWith('#')) break;
        const match = /^# ([a-z0-9.-]+): (.*)$/.exec(line);
        if (match) header[match[1]] = match[2];
      }
      return {
        id: header.case,
        file,
        source: header.source,
        license: header.license,
        intent: header['windows-intent'],
        errors: list(header['expect-errors']),
        warnings: list(header['expect-warnings']),
        upstream: {
          1.27: header['upstream-1.27']?.split(',').map(v => v.trim()),
          1.37: header['upstream-1.37']?.split(',').map(v => v.trim()),
        },
        text,
      };
    });
}
