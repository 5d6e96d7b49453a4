// Runs the checker in-process, as the command line does, with captured output.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, Readable, Writable } from 'stream';
import { run } from '../../../src/cli/run';

/** Directory of the checked-in fixtures. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** What a run printed and returned. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `cdk8s-windows <args>` with `stdin` (text or bytes; none means an empty, non-TTY stream). */
export async function cli(args: string[], options: { stdin?: string | Buffer; cwd?: string; tty?: boolean } = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  let stdin: Readable & { isTTY?: boolean };
  if (options.tty) {
    stdin = Object.assign(new PassThrough(), { isTTY: true });
  } else {
    stdin = Readable.from(options.stdin === undefined ? [] : [typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin]);
  }
  const status = await run(args, { stdin, stdout: stdout.stream, stderr: stderr.stream, cwd: options.cwd ?? FIXTURES });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

/** A fresh temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-cli-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A Windows Deployment in block YAML with `extra` lines under the container (indented 10 spaces). */
export function windowsDeploymentYaml(name: string, containerExtra = '', podExtra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      os:
        name: windows
      nodeSelector:
        kubernetes.io/os: windows
${podExtra}      containers:
        - name: app
          image: mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022
          resources:
            limits:
              memory: 1Gi
            requests:
              memory: 1Gi
${containerExtra}`;
}

/** The classic "billion laughs": 9 levels of 9 aliases each expand to 9^9 (387 million) nodes. */
export function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}
