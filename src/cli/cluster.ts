/**
 * `--cluster`: the objects of a running cluster as an input source, beside files and stdin. The
 * rules never fetch anything; this reads the kinds the check plan looks at, with paginated lists
 * (`limit`/`continue`) over Node's http(s) and the credentials of the kubeconfig (./kubeconfig.ts).
 *
 * Lists whose kind the server does not serve (404: an older release) hold nothing. A list the user
 * may not read (403) is reported and the other kinds are still checked. Anything that stops every
 * read (no connection, credentials refused, TLS) is a `ClusterError`: one line, exit 2.
 */
import * as http from 'http';
import * as https from 'https';
import { ClusterConnection, ClusterError } from './kubeconfig';
import { isObject, JsonObject } from '../model/manifest';
import { NodePool } from '../model/node-pools';
import { WindowsNodePool } from '../model/windows-node-pool';

/** A list the checker reads: where it is served and the kind of its items. */
export interface ClusterResource {
  /** API group and version: `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** Plural resource name: `pods`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Older versions tried, in order, when the server does not serve `apiVersion` (404). */
  readonly fallbacks?: readonly string[];
}

/**
 * What `--cluster` reads: every workload kind (`WORKLOAD_KINDS`), Services, the objects rules look
 * up across objects (`CONTEXT_KINDS` of the check plan: claims, volumes, storage classes,
 * RuntimeClasses, autoscalers), and Namespaces and Nodes (the cluster around the workloads).
 * Context kinds come first so that a reader of the report sees them counted before their users.
 */
export const CLUSTER_RESOURCES: readonly ClusterResource[] = [
  { apiVersion: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { apiVersion: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { apiVersion: 'node.k8s.io/v1', resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false, fallbacks: ['node.k8s.io/v1beta1'] },
  { apiVersion: 'storage.k8s.io/v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false },
  { apiVersion: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
  { apiVersion: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { apiVersion: 'autoscaling/v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, fallbacks: ['autoscaling/v1'] },
  { apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { apiVersion: 'apps/v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { apiVersion: 'apps/v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { apiVersion: 'apps/v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { apiVersion: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true },
  { apiVersion: 'batch/v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, fallbacks: ['batch/v1beta1'] },
  { apiVersion: 'batch/v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { apiVersion: 'v1', resource: 'podtemplates', kind: 'PodTemplate', namespaced: true },
  { apiVersion: 'v1', resource: 'services', kind: 'Service', namespaced: true },
];

/** The Nodes of the cluster, read first: their pools are part of the target every object is checked for. */
export const NODE_RESOURCE: ClusterResource = CLUSTER_RESOURCES.find(r => r.kind === 'Node')!;

/**
 * The Nodes of the cluster and their pools (`WindowsNodePool.fromNodes`: nodes with the same
 * labels and taints). Throws `ForbiddenError` when the user may not list Nodes, `ClusterError`
 * when nothing can be read, and an Error naming the node when a Node cannot be read as a pool member.
 */
export async function readClusterNodePools(reader: ClusterReader): Promise<{ nodes: JsonObject[]; pools: NodePool[] }> {
  const nodes: JsonObject[] = [];
  for await (const page of reader.list(NODE_RESOURCE)) nodes.push(...page);
  return { nodes, pools: nodes.length > 0 ? WindowsNodePool.fromNodes(nodes) : [] };
}

/** Items asked for per page. */
export const PAGE_SIZE = 500;
/** A request that makes no progress for this long fails. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A list the user may not read (HTTP 403): reported, and the other lists are still read. */
export class ForbiddenError extends Error {
  constructor(public readonly resource: string, public readonly reason: string) {
    super(`forbidden to list ${resource}: ${reason}`);
    this.name = 'ForbiddenError';
  }
}

/** Reads lists from one API server. */
export class ClusterReader {
  private readonly agent: http.Agent;
  /** Requests made (for tests and the benchmark). */
  public requests = 0;

  constructor(private readonly connection: ClusterConnection) {
    const secure = connection.server.startsWith('https:');
    this.agent = secure
      ? new https.Agent({
        keepAlive: true,
        ca: connection.ca,
        cert: connection.clientCertificate,
        key: connection.clientKey,
        rejectUnauthorized: !connection.insecureSkipTlsVerify,
        servername: connection.tlsServerName,
      })
      : new http.Agent({ keepAlive: true });
  }

  /** Where messages say the problem is: `cluster "x" (https://...), context "y"`. */
  public get where(): string {
    return `cluster "${this.connection.cluster}" (${this.connection.server}), context "${this.connection.context}"`;
  }

  /**
   * Every object of `resource` (in `namespace` when given and the kind is namespaced), page by
   * page, with `apiVersion` and `kind` set (list items have neither) and `managedFields` dropped.
   * Throws `ForbiddenError` (403) or `ClusterError`.
   */
  public async* list(resource: ClusterResource, namespace?: string): AsyncGenerator<JsonObject[]> {
    const versions = [resource.apiVersion, ...(resource.fallbacks ?? [])];
    for (const apiVersion of versions) {
      const base = `${apiVersion.includes('/') ? '/apis/' : '/api/'}${apiVersion}`
        + `${resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.resource}`;
      let token: string | undefined;
      let first = true;
      do {
        const query = `?limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        const page = await this.get(base + query, resource, first);
        if (page === undefined) break; // not served at this version
        first = false;
        const items = Array.isArray(page.items) ? page.items.filter(isObject) : [];
        for (const item of items) {
          item.apiVersion = apiVersion;
          item.kind = resource.kind;
          if (isObject(item.metadata)) delete item.metadata.managedFields;
        }
        yield items;
        token = isObject(page.metadata) && typeof page.metadata.continue === 'string' && page.metadata.continue ? page.metadata.continue : undefined;
        if (!token) return;
      } while (token);
    }
  }

  /** Closes idle connections. */
  public close(): void {
    this.agent.destroy();
  }

  /** One GET; undefined on a 404 of a list's first page (the kind is not served). */
  private get(pathAndQuery: string, resource: ClusterResource, firstPage: boolean): Promise<JsonObject | undefined> {
    const url = new URL(this.connection.server + pathAndQuery);
    const client = url.protocol === 'https:' ? https : http;
    this.requests++;
    return new Promise((resolve, reject) => {
      const request = client.get(url, {
        agent: this.agent,
        headers: {
          'Accept': 'application/json',
          'User-Agent': 'cdk8s-windows',
          ...(this.connection.authorization ? { Authorization: this.connection.authorization } : {}),
        },
      }, response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', error => reject(this.connectionError(error)));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status === 200) {
            try {
              resolve(JSON.parse(body));
            } catch {
              reject(new ClusterError(`${this.where}: listing ${resource.resource}: the answer is not JSON (is ${this.connection.server} a Kubernetes API server?)`));
            }
            return;
          }
          if (status === 404 && firstPage) {
            resolve(undefined);
            return;
          }
          const reason = statusMessage(body) ?? (response.statusMessage || `HTTP ${status}`);
          if (status === 403) {
            reject(new ForbiddenError(resource.resource, reason));
          } else if (status === 401) {
            reject(new ClusterError(`${this.where}: the API server refused the credentials of user "${this.connection.user}" (401 Unauthorized: ${reason}): they are invalid or expired; log in again or fix the kubeconfig`));
          } else if (status === 410) {
            reject(new ClusterError(`${this.where}: the list of ${resource.resource} changed too much while it was read (410 Gone); run the check again`));
          } else {
            reject(new ClusterError(`${this.where}: listing ${resource.resource} failed: HTTP ${status}: ${reason}`));
          }
        });
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      request.on('error', error => reject(this.connectionError(error)));
    });
  }

  private connectionError(error: Error): ClusterError {
    const code = (error as NodeJS.ErrnoException).code;
    const server = this.connection.server;
    let cause: string;
    switch (code) {
      case 'ECONNREFUSED': cause = `cannot connect to ${server}: connection refused (is the cluster running?)`; break;
      case 'ENOTFOUND': case 'EAI_AGAIN': cause = `cannot connect to ${server}: host not found`; break;
      case 'ETIMEDOUT': cause = `no answer from ${server} within ${REQUEST_TIMEOUT_MS / 1000} s`; break;
      case 'ECONNRESET': cause = `${server} closed the connection (is it an https server, and the port right?)`; break;
      case 'EHOSTUNREACH': case 'ENETUNREACH': cause = `cannot reach ${server}: no route to host`; break;
      default:
        cause = code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code)
          ? `TLS with ${server} failed: ${error.message} (check certificate-authority in the kubeconfig)`
          : `cannot talk to ${server}: ${error.message}`;
    }
    // `where` repeats the server; the cause names it where it helps.
    return new ClusterError(`cluster "${this.connection.cluster}", context "${this.connection.context}": ${cause}`);
  }
}

/** The `message` of a Kubernetes Status object, on one line. */
function statusMessage(body: string): string | undefined {
  try {
    const status = JSON.parse(body);
    return isObject(status) && typeof status.message === 'string' ? status.message.replace(/\s+/g, ' ').trim() : undefined;
  } catch {
    const text = body.trim().split('\n')[0];
    return text ? text.slice(0, 200) : undefined;
  }
}
