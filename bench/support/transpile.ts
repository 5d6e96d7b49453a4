// Benchmarks run the checker the way the `cdk8s-windows` command runs: plain node on JavaScript,
// with no TypeScript compiler in the measured process.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Transpiles src/ (and `extraFiles`, paths under the repository) into `out`, in the same layout,
 * with package.json beside them. Returns the path of the command's entry point there.
 */
export function transpileSources(out: string, extraFiles: string[] = []): string {
  // Loaded lazily: only the benchmarks need the compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript');
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  for (const file of [...walk(path.join(ROOT, 'src')), ...extraFiles]) {
    const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    }).outputText;
    const target = path.join(out, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js);
  }
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(out, 'package.json'));
  return path.join(out, 'src', 'cli', 'main.js');
}
