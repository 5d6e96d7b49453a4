import * as fs from 'fs';
import { cdk8s, DependencyType, javascript, JsonFile } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-windows',
  description:
    'cdk8s constructs for Windows workloads on Kubernetes: correct placement, no Linux-only fields, and the Windows constraints checked at synthesis.',
  author: 'cdk8s-windows maintainers',
  authorAddress: 'maintainers@cdk8s-windows.invalid',
  repositoryUrl: 'https://github.com/cdk8s-windows/cdk8s-windows.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'windows', 'cdk8s-plus', 'constructs'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Toolchain pins: TypeScript 7 breaks ts-node and ts-jest, jsii 6 compiles TypeScript 6.
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  cdk8sVersion: '2.70.0',
  // cdk8s-plus-27 declares constructs ^10.3.0 as its peer range.
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],

  // The project is not hosted on GitHub yet: no workflows, no mergify.
  github: false,
  release: false,

  publishToPypi: {
    distName: 'cdk8s-windows',
    module: 'cdk8s_windows',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_windows',
    mavenGroupId: 'io.github.cdk8s-windows',
    mavenArtifactId: 'cdk8s-windows',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8sWindows',
    packageId: 'Cdk8sWindows',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-windows/cdk8s-windows-go',
  },

  // Not jsii modules: bundled into the package, never in public types.
  bundledDeps: ['js-yaml@^4.1.0'],
  devDeps: [
    // The tests' oracle for lines in YAML, and the checker benchmark's reference parser.
    'yaml@^2.8.0',
    'kubernetes-models@^4.5.1',
    'fast-check@^4',
    '@types/js-yaml@^4',
    '@types/sarif@^2.1.7',
    'ajv@^8',
    'ajv-formats@^3',
    'fast-xml-parser@^5',
    'cdk8s-cli@^2.207.0',
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // Release notes and version bumps from conventional commits, offline (the last release on Node 20).
    'commit-and-tag-version@^12.7.3',
  ],
  // The compile task keeps projen's `--silence-warnings=reserved-word`. Its two warnings are names
  // fixed by Kubernetes and cdk8s-plus, which jsii-pacmak escapes: `ObjectReference.namespace`
  // (C# keyword; cdk8s's ApiObjectMetadata.namespace has it too) and `WindowsService.select`
  // (Go keyword; the override of cdk8s-plus's Service.select keeps its name).
  jestOptions: {
    // A snapshot is accepted only by someone who read it, never by the test run itself.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // test/fresh-app installs packages from the registry: `npx projen test:fresh-app` runs it.
      testPathIgnorePatterns: ['/node_modules/', '/test/apiserver/', '/test/fresh-app/'],
    },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'],
    // examples/pulumi is a separate npm project (its own dependencies), type-checked by pulumi/'s tests.
    exclude: ['node_modules', '../examples/pulumi/**'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench', 'projenrc'],
  },
  // '/node_modules' without the slash: a symlinked node_modules (a git worktree sharing one install) is a file, not a directory.
  gitignore: ['/node_modules', '/examples/dist/', '/test/apiserver/bin/', '/build/', '/.jsii.tabl.json'],
});

// The layers of src/, bottom to top (docs/ARCHITECTURE.md). Each imports only from the layers
// below it; a back-edge fails the lint. The CLI and the plugin read manifests, not constructs.
const LAYERS = ['model', 'rules', 'engine', 'admission-policy', 'synthesis', 'constructs'];
const zones = LAYERS.map((layer, i) => ({
  target: `./src/${layer}`,
  from: [...LAYERS.slice(i + 1), 'cli', 'plugin'].map(above => `./src/${above}`).concat('./src/index.ts'),
  message: `src/${layer} is below ${LAYERS.slice(i + 1).concat('cli', 'plugin').join(', ')}: it must not import from them (docs/ARCHITECTURE.md).`,
}));
zones.push(
  { target: './src/cli', from: ['./src/synthesis', './src/constructs', './src/plugin', './src/index.ts'], message: 'The checker command works on plain manifests: no constructs, no synthesis (docs/ARCHITECTURE.md).' },
  { target: './src/plugin', from: ['./src/synthesis', './src/constructs', './src/cli', './src/index.ts'], message: 'The validation plugin works on plain manifests: no constructs, no synthesis (docs/ARCHITECTURE.md).' },
);
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', { zones }],
  'import/no-cycle': ['error'],
});

// examples/, scripts/ and bench/ compile (and lint) with the test settings.
for (const folder of ['examples', 'scripts', 'bench']) {
  new JsonFile(project, `${folder}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts', '../src/**/*.ts'], exclude: ['pulumi/**', 'node_modules'] },
  });
}

// Build the upstream API-server validators (Go, 1.27 and 1.37) and prove their known answers
// before the tests, so every synthesized manifest can be checked against the real validation code.
// The same step builds the test control plane of each release (test/cluster), in parallel.
project.testTask.prependExec('bash test/apiserver/known-answers.sh');
project.testTask.prependExec('bash test/build.sh');

// The main job of the README quickstart: synthesize the example app.
project.addTask('example', {
  description: 'Synthesize the example app in examples/ into examples/dist/',
  exec: 'ts-node --project test/tsconfig.json examples/main.ts',
});

// projen asks for @types/node@ts6.0, a dist-tag the registry does not have; Node 20 is the runtime.
project.deps.removeDependency('@types/node');
project.deps.addDependency('@types/node@^20', DependencyType.BUILD);

// The package holds the compiled library, .jsii, README, API.md, LICENSE and docs/: nothing that
// only builds or tests it (test/fresh-app/fresh-app.test.ts checks the list).
const buildOnly = [
  '/examples/', '/bench/', '/scripts/', '/.ci/', '/test-reports/', '/version.txt', '/.versionrc.json', '/pulumi/',
  '/rosetta/', '/.jsii.tabl.json', '/docs/ADDING-A-RULE.md', '/docs/ARCHITECTURE.md', '/CONTRIBUTING.md',
];
for (const ignored of buildOnly) {
  project.addPackageIgnore(ignored);
}

project.addBins({ 'cdk8s-windows': 'lib/cli/main.js' });
// The command's script keeps its execute bit in the npm tarball, which the jsii packages of every
// language (the Python wheel's `cdk8s-windows` script among them) run directly.
project.compileTask.exec('chmod +x lib/cli/main.js');

// Maven Central and the Go module proxy lack cdk8s-plus-27's bindings, and the .NET SDK is not
// installable here: see scripts/package-binding.sh.
for (const language of ['java', 'go', 'dotnet']) {
  project.tasks.tryFind(`package:${language}`)?.reset(`bash scripts/package-binding.sh ${language}`);
}

// A new user's app, end to end, with the packed tarball and the real cdk8s CLI (test/fresh-app).
const freshApp = project.addTask('test:fresh-app', {
  description: 'Pack the library, install it in an app laid out as cdk8s init lays it out, and run cdk8s synth with the plugin',
});
freshApp.spawn(project.compileTask);
freshApp.exec('jest --ci --coverage=false --testPathIgnorePatterns=/node_modules/ --testPathPatterns=test/fresh-app');

// The jsii language bindings used from Python, Java and Go (test/smoke).
project.addTask('test:smoke', {
  description: 'Build the Python, Java and Go packages and use each from its language',
  exec: 'bash test/smoke/run.sh',
});

// API docs for every jsii language. jsii-rosetta first compiles every example (@example tags and the
// README's snippets, in rosetta/default.ts-fixture) into .jsii.tabl.json, so that the docs and the
// packages' docstrings show them translated with their types.
const docgen = project.tasks.tryFind('docgen');
docgen?.prependExec('jsii-rosetta extract --compile --fail');
docgen?.exec('jsii-docgen -l python -l java -l csharp -l go -o docs/api/API.md');

// docs/RULES.md is generated from the rule catalog; a test fails when the committed file is stale.
const rulesDoc = project.addTask('docs:rules', {
  description: 'Generate docs/RULES.md from the rule catalog',
  exec: 'ts-node --project test/tsconfig.json scripts/generate-rules-doc.ts',
});
project.postCompileTask.spawn(rulesDoc);

project.addTask('bench', {
  description: 'Benchmark: synthesis of Windows constructs against plain cdk8s-plus in the same process',
  exec: 'ts-node --project test/tsconfig.json bench/synth.bench.ts',
});

project.addTask('bench:rules', {
  description: 'Benchmark: what the rules cost per object at synthesis and in the checker, on the same objects',
  exec: 'ts-node --project test/tsconfig.json bench/rules-cost.bench.ts',
});

project.addTask('bench:check', {
  description: 'Benchmark: the checker against parsing alone, its peak memory, and kubeconform (built with go install)',
  exec: 'ts-node --project test/tsconfig.json bench/check.bench.ts',
});

// The version users pin lives in version.txt: `npx projen release` bumps it from the conventional
// commits since the last release tag and writes CHANGELOG.md, all from the local git history.
project.package.addVersion(fs.readFileSync(`${__dirname}/version.txt`, 'utf8').trim());
const release = project.addTask('release', {
  description: 'Bump version.txt from the conventional commits since the last release tag and update CHANGELOG.md (offline)',
  exec: 'commit-and-tag-version',
  receiveArgs: true,
});
release.spawn(project.defaultTask!);

project.synth();
