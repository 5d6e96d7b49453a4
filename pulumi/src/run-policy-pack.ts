import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs a policy pack program (a JavaScript file calling `windowsPolicyPack`) as the analyzer
 * plugin `pulumi --policy-pack <file>` starts when `<file>` is an executable: call it from that
 * executable (see `bin/cdk8s-windows-policy-pack`). The Pulumi CLI passes the engine's address as
 * the only argument; `@pulumi/pulumi`'s `run-policy-pack` serves the pack. This needs no Node.js
 * language plugin (`pulumi-language-nodejs`), which running a policy pack directory does.
 *
 * @param program the policy pack program
 * @param argv the executable's arguments (the engine's address)
 */
export function runPolicyPack(program: string, argv: readonly string[] = process.argv.slice(2)): void {
  const [engineAddress] = argv;
  if (!engineAddress) {
    throw new Error('usage: <policy pack executable> <engine address> (the Pulumi CLI starts it; pass it with --policy-pack)');
  }
  const runner = require.resolve('@pulumi/pulumi/cmd/run-policy-pack');
  const absolute = path.resolve(program);
  // PolicyPack reads its version from the package.json of the working directory.
  const pwd = packageDirOf(absolute);
  process.argv = [process.argv[0], runner, '--pwd', pwd, engineAddress, absolute];
  require(runner);
}

/** The nearest directory at or above `file` holding a package.json. */
export function packageDirOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json at or above ${file}: a policy pack needs one for its version.`);
  }
}
