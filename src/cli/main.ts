#!/usr/bin/env node
/** The `cdk8s-windows` command: argv in, exit status out. Everything else is in ./run.ts. */
import { run } from './run';

run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
  .then(status => {
    // Not process.exit(): that could cut off output still flowing into a pipe.
    process.exitCode = status;
  }, (error: unknown) => {
    process.stderr.write(`cdk8s-windows: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 2;
  });
