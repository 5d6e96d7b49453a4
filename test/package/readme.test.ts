// The README's plugin snippets pin the version users install: it must be the package's.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

test('package.json carries the version of version.txt, which users pin', () => {
  expect(VERSION).toBe(fs.readFileSync(path.join(ROOT, 'version.txt'), 'utf8').trim());
  expect(VERSION).not.toBe('0.0.0');
});

test('every plugin snippet of the README names the package and its version', () => {
  const snippets = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]).filter(s => s.includes('WindowsValidationPlugin'));
  // The app's own node_modules, the published name (the cdk8s CLI installs it), and, for Python,
  // the npm package of the wheel installed beside the app.
  expect(snippets.map(s => /package: (\S+)/.exec(s)?.[1])).toEqual([
    './node_modules/cdk8s-windows', 'cdk8s-windows', './.cdk8s-windows/node_modules/cdk8s-windows',
  ]);
  for (const snippet of snippets) expect(snippet).toContain(`version: ${VERSION}\n`);
});

test('the Maven coordinates of the install section carry the version', () => {
  expect(README).toContain(`io.github.cdk8s-windows:cdk8s-windows:${VERSION}`);
});

test('the Python plugin set-up installs into the folder its snippet names', () => {
  expect(README).toContain('npm install --prefix .cdk8s-windows "$(python -c ');
  expect(README).toContain('find_spec("cdk8s_windows")');
  expect(README).toContain('glob("_jsii/*.tgz")');
});
