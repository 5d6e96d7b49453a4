/**
 * What an image reference says about Windows: whether it looks like a Windows image, and which
 * Windows build its tag pins. Internal (not exported from the package): the constructs use it to
 * pin `node.kubernetes.io/windows-build`, the placement rules to check builds and placement.
 *
 * Only the reference is read, never a registry: a multi-platform tag such as `nginx:1.27` or
 * `mcr.microsoft.com/oss/kubernetes/pause:3.9` names no build and does not look like Windows.
 *
 * Build inference reads the tag (after the last `:` of the last path segment; a `@digest` is
 * ignored; a registry port such as `myreg:5000/` is not a tag), split into `-`-separated tokens:
 * - `10.0.<build>[.<revision>]` as a token, five-digit build: that build (`servercore:10.0.20348.2340`);
 * - `ltsc2016`, `ltsc2019`, `ltsc2022`, `ltsc2025` as a token: that LTSC release;
 * - Windows release names that collide with ordinary version numbers (`1809`, `1607`, `1903`,
 *   `1909`, `2004`, `20h2`) only when the image otherwise looks Windows (`nanoserver:1809`,
 *   `golang:1.22-windowsservercore-1809`), so `myapp:1809-build` pins nothing;
 * - a bare year `2019`, `2022`, `2025` only as the token right after a Windows flavour token
 *   (`windowsservercore`, `servercore`, `nanoserver`, `windows`): `app:windows-2022`
 *   pins 20348, `app:2022-01-05` and `nginx:1.2022.1` pin nothing.
 * No tag, `latest`, or a tag without such a token: no build.
 */
import { memoizeByString } from './memoize';

/** Windows builds by the LTSC names image tags use (always Windows, whatever the image). */
const LTSC_BUILDS: { [token: string]: number } = {
  ltsc2016: 14393,
  ltsc2019: 17763,
  ltsc2022: 20348,
  ltsc2025: 26100,
};

/** Windows builds by release names that also read as ordinary versions: only in Windows-looking images. */
const RELEASE_BUILDS: { [token: string]: number } = {
  '1607': 14393,
  '1709': 16299,
  '1803': 17134,
  '1809': 17763,
  '1903': 18362,
  '1909': 18363,
  '2004': 19041,
  '20h2': 19042,
};

/** Windows Server builds by year, for a year token right after a Windows flavour token. */
const YEAR_BUILDS: { [token: string]: number } = {
  2019: 17763,
  2022: 20348,
  2025: 26100,
};

/** Tag tokens that name a Windows base image flavour. */
const FLAVOUR_TOKENS = new Set(['windowsservercore', 'servercore', 'nanoserver', 'windows']);

/** Tag tokens that on their own make an image look Windows. */
const WINDOWS_TAG_TOKENS = new Set(['windowsservercore', 'nanoserver', 'windows', ...Object.keys(LTSC_BUILDS)]);

/** Repository path segments that make an image look Windows (`microsoft/nanoserver`, `.../windowsservercore`). */
const WINDOWS_REPOSITORY_SEGMENTS = new Set(['windowsservercore', 'nanoserver']);

/**
 * Windows-only repositories whatever their tag: the .NET Framework images on MCR, and the old
 * Docker Hub `microsoft/*` images that were only ever built for Windows.
 */
const WINDOWS_ONLY_REPOSITORIES = [
  /^mcr\.microsoft\.com\/dotnet\/framework\/[^/]+$/,
  /^(?:docker\.io\/)?microsoft\/(?:iis|aspnet|wcf|dotnet-framework|dotnet-framework-build|windowsservercore|nanoserver)$/,
  /^(?:docker\.io\/)?microsoft\/mssql-server-windows(?:-developer|-express)?$/,
];

/** `10.0.<build>` with an optional revision, as one tag token (Windows builds have five digits). */
const VERSION_TOKEN = /^10\.0\.(\d{5})(?:\.\d+)?$/;

/** Windows Server builds a `10.0.<build>` tag token must name to make an image look Windows on its own. */
const SERVER_BUILDS = new Set([14393, 17763, 18362, 18363, 19041, 19042, 20348, 25398, 26100]);

interface ImageReference {
  /** Everything before the tag, lower case: `mcr.microsoft.com/windows/servercore`. */
  readonly repository: string;
  /** The tag, lower case, or undefined. */
  readonly tag?: string;
}

function parse(image: string): ImageReference {
  const withoutDigest = String(image).trim().toLowerCase().split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  // A ':' before the last '/' is a registry port, not a tag.
  if (colon > slash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) || undefined };
  return { repository: withoutDigest };
}

/** The Windows build an image reference pins, inferred from its tag (or undefined). */
export const inferWindowsBuild: (image: string) => number | undefined = memoizeByString(image => {
  const { tag } = parse(image);
  if (!tag) return undefined;
  const tokens = tag.split('-');
  for (const token of tokens) {
    const version = VERSION_TOKEN.exec(token);
    if (version) return Number(version[1]);
  }
  for (const token of tokens) {
    if (LTSC_BUILDS[token] !== undefined) return LTSC_BUILDS[token];
  }
  for (let i = 1; i < tokens.length; i++) {
    if (YEAR_BUILDS[tokens[i]] !== undefined && FLAVOUR_TOKENS.has(tokens[i - 1])) return YEAR_BUILDS[tokens[i]];
  }
  if (!isWindowsImage(image)) return undefined;
  for (const token of tokens) {
    if (RELEASE_BUILDS[token] !== undefined) return RELEASE_BUILDS[token];
  }
  return undefined;
});

/**
 * Whether an image reference looks like a Windows image: a repository under
 * `mcr.microsoft.com/windows` (servercore, nanoserver, server, the full `windows` image), the
 * .NET Framework images (`mcr.microsoft.com/dotnet/framework/*`), the old Docker Hub Windows
 * images (`microsoft/iis`, `microsoft/aspnet`, `microsoft/windowsservercore`, ...), or a
 * `windows/servercore`-style path, a repository segment `windowsservercore` or `nanoserver`
 * (`microsoft/nanoserver`), or a tag with a `windowsservercore`, `nanoserver`, `windows`,
 * `ltsc20xx` token, or a `10.0.<build>` token naming a Windows Server build
 * (`4.8-windowsservercore-ltsc2022`, `8.0-nanoserver-1809`, `10.0.20348.2340`).
 */
export const isWindowsImage: (image: string) => boolean = memoizeByString(image => {
  const { repository, tag } = parse(image);
  const segments = repository.split('/');
  if (/(^|\/)mcr\.microsoft\.com\/windows(\/|$)/.test(repository)) return true;
  if (WINDOWS_ONLY_REPOSITORIES.some(pattern => pattern.test(repository))) return true;
  if (/(^|\/)windows\/(servercore|nanoserver|server)(\/|$)/.test(repository)) return true;
  if (segments.some(segment => WINDOWS_REPOSITORY_SEGMENTS.has(segment))) return true;
  if (!tag) return false;
  return tag.split('-').some(token => WINDOWS_TAG_TOKENS.has(token) || SERVER_BUILDS.has(Number(VERSION_TOKEN.exec(token)?.[1])));
});

/**
 * Images that start through IIS's ServiceMonitor, which must control the `w3svc` service: run as
 * `ContainerUser` it exits with "Failed to stop or query status of service 'w3svc' error
 * [80070005]" (microsoft/IIS.ServiceMonitor#77). The IIS image and the .NET Framework ASP.NET and
 * WCF images on MCR, and their old Docker Hub names. Images built on them cannot be told apart.
 */
const ADMINISTRATOR_REPOSITORIES = [
  'mcr\\.microsoft\\.com/windows/servercore/iis',
  'mcr\\.microsoft\\.com/dotnet/framework/(?:aspnet|wcf)',
  '(?:docker\\.io/)?microsoft/(?:iis|aspnet|wcf)',
];

/**
 * A trimmed, lower-case image reference whose repository is one of `ADMINISTRATOR_REPOSITORIES`:
 * the repository, then an optional tag (after a `:`, with no `/`, `:` or `@`), then an optional
 * `@digest`. Written for JavaScript and RE2 alike: the admission policy matches it in CEL.
 */
export const ADMINISTRATOR_IMAGE_REFERENCE = new RegExp(`^(?:${ADMINISTRATOR_REPOSITORIES.join('|')})(?::[^/:@]*)?(?:@[\\s\\S]*)?$`);

/** Whether an image needs to run as `ContainerAdministrator` (see `ADMINISTRATOR_REPOSITORIES`). */
export const needsContainerAdministrator: (image: string) => boolean = memoizeByString(image =>
  ADMINISTRATOR_IMAGE_REFERENCE.test(String(image).trim().toLowerCase()));

/**
 * Images that have no Windows build, with what they are: a Windows node cannot pull them. Official
 * Docker Hub images by their short name, others by repository (Docker Hub ones without
 * `docker.io/`). Images with a Windows build (node, python, golang, mongo, traefik, ...) are not
 * listed, nor are tags that name a Windows flavour (`redis:3.0-nanoserver`,
 * `fluent/fluent-bit:windows-2022-3.1.4`), nor other images of other namespaces or registries
 * (`registry.k8s.io/e2e-test-images/busybox`, `e2eteam/*` have Windows builds).
 */
export const LINUX_ONLY_IMAGES: { readonly [name: string]: string } = {
  'alpine': 'Alpine Linux',
  'busybox': 'BusyBox',
  'ubuntu': 'Ubuntu',
  'debian': 'Debian',
  'centos': 'CentOS',
  'fedora': 'Fedora',
  'nginx': 'the nginx web server',
  'httpd': 'the Apache HTTP Server',
  'haproxy': 'HAProxy',
  'redis': 'Redis',
  'memcached': 'Memcached',
  'postgres': 'PostgreSQL',
  'mysql': 'MySQL',
  'mariadb': 'MariaDB',
  'rabbitmq': 'RabbitMQ',
  'elasticsearch': 'Elasticsearch',
  'kibana': 'Kibana',
  'wordpress': 'WordPress',
  // Fluent Bit: release tags and `latest` are Linux builds (amd64, arm64, arm/v7: fluent-bit-docs
  // installation/downloads/docker.md); its Windows builds are the `windows-*` tags.
  'fluent/fluent-bit': 'Fluent Bit (its Windows builds are the windows-* tags)',
  'cr.fluentbit.io/fluent/fluent-bit': 'Fluent Bit (its Windows builds are the windows-* tags)',
  // The Prometheus node exporter reads *NIX kernels; Windows nodes use windows_exporter.
  'prom/node-exporter': 'the Prometheus node exporter (for Windows nodes: windows_exporter)',
  'quay.io/prometheus/node-exporter': 'the Prometheus node exporter (for Windows nodes: windows_exporter)',
};

/** The Linux-only official image an image reference names (its `LINUX_ONLY_IMAGES` entry), or undefined. */
export const linuxOnlyImage: (image: string) => string | undefined = memoizeByString(image => {
  const { repository } = parse(image);
  const name = repository.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  if (!Object.prototype.hasOwnProperty.call(LINUX_ONLY_IMAGES, name) || isWindowsImage(image)) return undefined;
  return name;
});
