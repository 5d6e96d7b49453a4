/**
 * Which Windows Server versions each platform's Windows node pools offer, by Kubernetes minor,
 * as the vendors state it. The platform rules judge a target and a pod by it, and
 * docs/WINDOWS-FACTS.md prints it (test/rules/platform/platform.test.ts holds the two equal).
 */
import { Platform, PLATFORM_NAMES } from '../../model/platform';
import { WindowsServerVersion } from '../../model/profile';

/** One Windows Server version on one platform: the Kubernetes minors its node pools exist at. */
export interface PlatformWindowsServer {
  readonly version: WindowsServerVersion;
  /** The first minor with node pools of this version (undefined: no lower bound stated). */
  readonly fromMinor?: number;
  /** The last minor with node pools of this version (undefined: no end stated). */
  readonly throughMinor?: number;
  /** What the vendor says, in a few words, and where. */
  readonly note: string;
}

/** What a platform offers: every version it has node pools of, or undefined when the library has no table for it. */
export interface PlatformWindowsServers {
  readonly platform: Platform;
  /** The versions, oldest first; a version absent from the list is not offered at any minor. */
  readonly versions?: readonly PlatformWindowsServer[];
  /** Why the table is as it is (or absent). */
  readonly note: string;
  readonly sources: string;
}

const { WS2019, WS2022, WS2025 } = WindowsServerVersion;

/** The table, one row per platform. */
export const PLATFORM_WINDOWS_SERVERS: readonly PlatformWindowsServers[] = [
  {
    platform: Platform.AKS,
    versions: [
      { version: WS2019, throughMinor: 32, note: '1.32 is the last minor; not supported from 1.33 (retired March 1, 2026)' },
      { version: WS2022, throughMinor: 36, note: 'not supported from 1.37 (retirement moved to June 30, 2028; first announced as no new pools from 1.35)' },
      { version: WS2025, fromMinor: 32, note: 'node pools from 1.32 (GA in the 2026-05-29 release; the default OS SKU from 1.37)' },
    ],
    note: 'Node pools carry `kubernetes.azure.com/os-sku`: `Windows2019`, `Windows2022`, `Windows2025`.',
    sources: 'Azure/AKS CHANGELOG.md (release notes 2025-01-30, 2026-02-08, 2026-05-29, 2026-06-19, 2026-07-17); Azure/AKS#4091, #4268 (Windows Server 2019 not supported from 1.33), #4168 (Windows Server 2022: no new pools from 1.35, since extended); learn.microsoft.com/azure/aks/upgrade-windows-os (the os-sku node selector, Windows Server 2025 from 1.32)',
  },
  {
    platform: Platform.EKS,
    versions: [
      { version: WS2019, note: 'EKS-optimized AMIs (Core and Full)' },
      { version: WS2022, note: 'EKS-optimized AMIs (Core and Full), from October 17, 2022' },
      { version: WS2025, note: 'EKS-optimized AMIs (Core and Full), from January 26, 2026' },
    ],
    note: 'The AMIs are published per Kubernetes minor; the library does not pin which minors each version has.',
    sources: 'awsdocs/amazon-eks-user-guide latest/ug/nodes/eks-optimized-windows-ami.adoc (variants and release calendar), eks-ami-versions-windows.adoc',
  },
  {
    platform: Platform.GKE,
    versions: [
      { version: WS2019, note: 'LTSC2019 node images' },
      { version: WS2022, note: 'LTSC2022 node images' },
    ],
    note: 'The GKE API\'s Windows node OS versions are LTSC2019 and LTSC2022: no Windows Server 2025 node pool. Which GKE versions offer each was not pinned.',
    sources: 'cloud.google.com kubernetes-engine/docs/concepts/windows-server-gke (LTSC node images; no Hyper-V; no Windows in Autopilot); google.container.v1 WindowsNodeConfig.OSVersion (OS_VERSION_LTSC2019, OS_VERSION_LTSC2022), Google Cloud client reference pages',
  },
  {
    platform: Platform.OPENSHIFT,
    note: 'Not tabled: the Windows Server versions of Windows Machine Config Operator nodes were not sourced per release.',
    sources: 'openshift/windows-machine-config-operator README.md',
  },
];

/** The row of `platform`, if the table has one. */
export function platformWindowsServers(platform: Platform): PlatformWindowsServers | undefined {
  return PLATFORM_WINDOWS_SERVERS.find(row => row.platform === platform);
}

/**
 * Why `platform` has no `version` node pools at Kubernetes 1.`minor`, or undefined when it has
 * them or the table does not say.
 */
export function unsupportedWindowsServer(platform: Platform, version: WindowsServerVersion, minor: number): string | undefined {
  const row = platformWindowsServers(platform);
  if (row?.versions === undefined) return undefined;
  const name = PLATFORM_NAMES[platform];
  const entry = row.versions.find(v => v.version === version);
  if (!entry) {
    return `${name} offers no ${version} node pools (it offers ${row.versions.map(v => v.version.year).join(' and ')})`;
  }
  if (entry.throughMinor !== undefined && minor > entry.throughMinor) {
    return `${name} supports ${version} node pools through Kubernetes 1.${entry.throughMinor} only (${entry.note})`;
  }
  if (entry.fromMinor !== undefined && minor < entry.fromMinor) {
    return `${name} offers ${version} node pools from Kubernetes 1.${entry.fromMinor} only (${entry.note})`;
  }
  return undefined;
}

/** The versions `platform` offers at 1.`minor`, as years (`2022 and 2025`), for remediations. */
export function offeredWindowsServers(platform: Platform, minor: number): string {
  const offered = WindowsServerVersion.all().filter(v => unsupportedWindowsServer(platform, v, minor) === undefined);
  return offered.map(v => `Windows Server ${v.year}`).join(' or ');
}

/** The AKS OS SKU of each Windows Server version (`kubernetes.azure.com/os-sku`). */
export const AKS_WINDOWS_OS_SKUS: { readonly [sku: string]: WindowsServerVersion } = {
  Windows2019: WS2019,
  Windows2022: WS2022,
  Windows2025: WS2025,
};

/** The table as Markdown rows (platform, Windows Server version, Kubernetes minors, what the vendor says), for docs/WINDOWS-FACTS.md. */
export function platformWindowsServersMarkdown(): string {
  const lines = ['| platform | Windows Server | Kubernetes minors | notes |', '|---|---|---|---|'];
  for (const row of PLATFORM_WINDOWS_SERVERS) {
    const name = PLATFORM_NAMES[row.platform];
    if (row.versions === undefined) {
      lines.push(`| ${name} | not tabled | | ${row.note} |`);
      continue;
    }
    for (const version of WindowsServerVersion.all()) {
      const entry = row.versions.find(v => v.version === version);
      const minors = entry === undefined ? 'none'
        : entry.fromMinor !== undefined && entry.throughMinor !== undefined ? `1.${entry.fromMinor} to 1.${entry.throughMinor}`
          : entry.fromMinor !== undefined ? `1.${entry.fromMinor} and newer`
            : entry.throughMinor !== undefined ? `1.${entry.throughMinor} and older`
              : 'not pinned';
      lines.push(`| ${name} | ${version.year} | ${minors} | ${entry?.note ?? row.note} |`);
    }
  }
  return lines.join('\n');
}
