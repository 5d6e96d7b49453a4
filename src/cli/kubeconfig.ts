/**
 * The connection `--cluster` uses, from kubeconfig files as kubectl reads them: `--kubeconfig`,
 * else the files of `KUBECONFIG` (separated by the path delimiter, merged: the first file to set
 * a name or the current context wins), else `~/.kube/config`. The YAML is parsed by js-yaml (the
 * parser the checker bundles); what it means (contexts, clusters, users, paths relative to the file
 * that names them) follows kubectl's loading rules.
 *
 * Supported credentials: bearer tokens (`token`, `tokenFile`), client certificates (files or
 * `-data`), basic auth, and exec credential plugins (`client.authentication.k8s.io/v1` and
 * `v1beta1`: EKS, AKS kubelogin, GKE). The removed `auth-provider` plugins and proxies are
 * refused with a message saying so, never ignored.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { isObject, JsonObject } from '../model/manifest';

/** A problem that stops `--cluster` before anything is read (one line, exit 2). */
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

/** What to connect to and how. */
export interface ClusterConnection {
  /** The context used. */
  readonly context: string;
  /** The cluster entry it names. */
  readonly cluster: string;
  /** The API server's URL (`https://host:port`, maybe with a path). */
  readonly server: string;
  /** The context's namespace, when it sets one. */
  readonly namespace?: string;
  /** PEM certificate authorities to trust (undefined: the system's). */
  readonly ca?: Buffer;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly clientCertificate?: Buffer;
  readonly clientKey?: Buffer;
  /** The `Authorization` header, when the user authenticates with one. */
  readonly authorization?: string;
  /** Who the user is in the kubeconfig, for messages. */
  readonly user: string;
}

/** Where kubeconfig files come from: the `--kubeconfig` flag, the environment, the home directory. */
export interface KubeconfigOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

interface Named {
  readonly entry: JsonObject;
  /** Directory of the file that defined it (relative paths are relative to it). */
  readonly dir: string;
}

/** Reads the kubeconfig and resolves the context to use. Throws `ClusterError`. */
export function loadConnection(options: KubeconfigOptions): ClusterConnection {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let files: string[];
  if (options.kubeconfig) {
    files = [path.resolve(cwd, options.kubeconfig)];
  } else if (env.KUBECONFIG) {
    files = env.KUBECONFIG.split(path.delimiter).filter(Boolean).map(f => path.resolve(cwd, f));
  } else {
    files = [path.join(env.HOME ?? env.USERPROFILE ?? os.homedir(), '.kube', 'config')];
  }
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  let currentContext: string | undefined;
  let read = 0;
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      // kubectl skips missing files of KUBECONFIG; a file named with --kubeconfig must exist.
      if (options.kubeconfig || files.length === 1) throw new ClusterError(`cannot read kubeconfig ${file}: ${(error as Error).message}`);
      continue;
    }
    let config: unknown;
    try {
      config = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    } catch (error) {
      throw new ClusterError(`kubeconfig ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    read++;
    if (!isObject(config)) continue;
    const dir = path.dirname(file);
    collect(config.clusters, 'cluster', clusters, dir);
    collect(config.users, 'user', users, dir);
    collect(config.contexts, 'context', contexts, dir);
    if (currentContext === undefined && typeof config['current-context'] === 'string' && config['current-context']) {
      currentContext = config['current-context'];
    }
  }
  if (read === 0) throw new ClusterError(`no kubeconfig found (looked in ${files.join(', ')}); give one with --kubeconfig`);
  const contextName = options.context ?? currentContext;
  if (!contextName) throw new ClusterError(`the kubeconfig (${files.join(', ')}) has no current context; give one with --context`);
  const context = contexts.get(contextName)?.entry;
  if (!context) {
    const known = [...contexts.keys()];
    throw new ClusterError(`context "${contextName}" is not in the kubeconfig (${files.join(', ')}); known contexts: ${known.length > 0 ? known.join(', ') : 'none'}`);
  }
  const clusterName = typeof context.cluster === 'string' ? context.cluster : '';
  const cluster = clusters.get(clusterName);
  if (!cluster) throw new ClusterError(`context "${contextName}" names cluster "${clusterName}", which the kubeconfig does not define`);
  const c = cluster.entry;
  if (typeof c.server !== 'string' || !/^https?:\/\//.test(c.server)) {
    throw new ClusterError(`cluster "${clusterName}" of context "${contextName}" has no http(s) server URL (server: ${JSON.stringify(c.server ?? null)})`);
  }
  if (c['proxy-url']) throw new ClusterError(`cluster "${clusterName}" of context "${contextName}" sets proxy-url, which --cluster does not support yet; run kubectl get ... -o yaml | cdk8s-windows check - instead`);
  const where = `context "${contextName}"`;
  const userName = typeof context.user === 'string' ? context.user : '';
  const user = userName ? users.get(userName) : undefined;
  if (userName && !user) throw new ClusterError(`${where} names user "${userName}", which the kubeconfig does not define`);
  const u = user?.entry ?? {};
  const credentials = userCredentials(u, user?.dir ?? cwd, `user "${userName}" of ${where}`, c.server, env);
  return {
    context: contextName,
    cluster: clusterName,
    server: c.server.replace(/\/+$/, ''),
    namespace: typeof context.namespace === 'string' && context.namespace ? context.namespace : undefined,
    ca: bytes(c['certificate-authority-data'], c['certificate-authority'], cluster.dir, `certificate-authority of cluster "${clusterName}"`),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: typeof c['tls-server-name'] === 'string' ? c['tls-server-name'] : undefined,
    user: userName || '(none)',
    ...credentials,
  };
}

function collect(list: unknown, field: string, into: Map<string, Named>, dir: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== 'string' || into.has(item.name)) continue;
    into.set(item.name, { entry: isObject(item[field]) ? item[field] : {}, dir });
  }
}

/** The bytes of a `-data` field (base64) or of the file a field names (relative to `dir`). */
function bytes(data: unknown, file: unknown, dir: string, what: string): Buffer | undefined {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
  if (typeof file === 'string' && file) {
    const resolved = path.resolve(dir, file.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file);
    try {
      return fs.readFileSync(resolved);
    } catch (error) {
      throw new ClusterError(`cannot read ${what} (${resolved}): ${(error as Error).message}`);
    }
  }
  return undefined;
}

type Credentials = Pick<ClusterConnection, 'clientCertificate' | 'clientKey' | 'authorization'>;

function userCredentials(u: JsonObject, dir: string, who: string, server: string, env: NodeJS.ProcessEnv): Credentials {
  if (u['auth-provider']) {
    const name = isObject(u['auth-provider']) ? u['auth-provider'].name : undefined;
    throw new ClusterError(`${who} uses the auth-provider plugin${name ? ` "${name}"` : ''}, which kubectl removed; use its exec credential plugin (for example kubelogin or gke-gcloud-auth-plugin)`);
  }
  const clientCertificate = bytes(u['client-certificate-data'], u['client-certificate'], dir, `client-certificate of ${who}`);
  const clientKey = bytes(u['client-key-data'], u['client-key'], dir, `client-key of ${who}`);
  if (typeof u.token === 'string' && u.token) return { clientCertificate, clientKey, authorization: `Bearer ${u.token}` };
  if (typeof u.tokenFile === 'string' && u.tokenFile) {
    const token = bytes(undefined, u.tokenFile, dir, `tokenFile of ${who}`)!.toString('utf8').trim();
    return { clientCertificate, clientKey, authorization: `Bearer ${token}` };
  }
  if (typeof u.username === 'string' && u.username) {
    const basic = Buffer.from(`${u.username}:${typeof u.password === 'string' ? u.password : ''}`).toString('base64');
    return { clientCertificate, clientKey, authorization: `Basic ${basic}` };
  }
  if (isObject(u.exec)) return { clientCertificate, clientKey, ...execCredential(u.exec, dir, who, server, env) };
  return { clientCertificate, clientKey };
}

/** Runs an exec credential plugin (client.authentication.k8s.io) and returns what it gives. */
function execCredential(exec: JsonObject, dir: string, who: string, server: string, env: NodeJS.ProcessEnv): Credentials {
  if (typeof exec.command !== 'string' || !exec.command) throw new ClusterError(`${who}: exec credential plugin without a command`);
  const apiVersion = typeof exec.apiVersion === 'string' ? exec.apiVersion : 'client.authentication.k8s.io/v1';
  // A command with a path separator is relative to the kubeconfig's directory, as kubectl reads it.
  const command = exec.command.includes('/') || exec.command.includes('\\') ? path.resolve(dir, exec.command) : exec.command;
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const extra: NodeJS.ProcessEnv = {};
  if (Array.isArray(exec.env)) for (const e of exec.env) if (isObject(e) && typeof e.name === 'string') extra[e.name] = String(e.value ?? '');
  const info = { apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...(exec.provideClusterInfo ? { cluster: { server } } : {}) } };
  const result = spawnSync(command, args, {
    env: { ...env, ...extra, KUBERNETES_EXEC_INFO: JSON.stringify(info) },
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw new ClusterError(`${who}: cannot run the credential plugin ${command}: ${(result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'command not found' : result.error.message}${typeof exec.installHint === 'string' ? ` (${exec.installHint.trim().split('\n')[0]})` : ''}`);
  if (result.status !== 0) {
    const said = result.stderr.trim().split('\n').filter(Boolean).pop();
    throw new ClusterError(`${who}: the credential plugin ${command} failed (exit ${result.status ?? result.signal})${said ? `: ${said}` : ''}`);
  }
  let status: JsonObject | undefined;
  try {
    const credential = JSON.parse(result.stdout);
    status = isObject(credential) && isObject(credential.status) ? credential.status : undefined;
  } catch {
    status = undefined;
  }
  if (!status) throw new ClusterError(`${who}: the credential plugin ${command} did not print an ExecCredential with a status`);
  if (typeof status.token === 'string' && status.token) return { authorization: `Bearer ${status.token}` };
  if (typeof status.clientCertificateData === 'string' && typeof status.clientKeyData === 'string') {
    return { clientCertificate: Buffer.from(status.clientCertificateData), clientKey: Buffer.from(status.clientKeyData) };
  }
  throw new ClusterError(`${who}: the credential plugin ${command} gave neither a token nor a client certificate`);
}
