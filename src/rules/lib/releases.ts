/**
 * Kubernetes releases that changed a Windows fact, read from `pkg/features/kube_features.go`
 * (and its versioned successor) of each release v1.26.15 … v1.37.2 and from the kubernetes.io
 * pages of 1.27 and the newest release. Rules gate their severity and wording on these.
 */

/** WindowsHostNetwork: alpha and on by default from 1.26 (the kubelet gives a hostNetwork pod the node's network namespace where the runtime supports it). */
export const WINDOWS_HOST_NETWORK_ALPHA_MINOR = 26;
/** WindowsHostNetwork: deprecated and off from 1.33; the kubelet no longer implements it. */
export const WINDOWS_HOST_NETWORK_REMOVED_MINOR = 33;

/** UserNamespacesSupport on by default from 1.33 (beta; GA 1.36): before, the API server drops `hostUsers`. */
export const USER_NAMESPACES_ON_MINOR = 33;

/** PodLevelResources: alpha (off, the field is dropped) in 1.32 and 1.33. */
export const POD_LEVEL_RESOURCES_ALPHA_MINOR = 32;
/** PodLevelResources: beta and on from 1.34, and from then the API server and the Windows kubelet reject it for Windows pods. */
export const POD_LEVEL_RESOURCES_BETA_MINOR = 34;

/** WinDSR: alpha and off until 1.32, beta and on in 1.33, GA (locked on) from 1.34. */
export const WIN_DSR_BETA_MINOR = 33;
export const WIN_DSR_GA_MINOR = 34;

/** `lifecycle.stopSignal` exists from 1.33 (ContainerStopSignals, alpha and off by default through 1.37). */
export const CONTAINER_STOP_SIGNALS_ALPHA_MINOR = 33;

/** Dual-stack Services: IPv6DualStack beta (on) from 1.21, GA in 1.23. */
export const DUAL_STACK_BETA_MINOR = 21;

/**
 * The kubernetes.io Windows pages list Windows Server 2022 and 2025 as the supported hosts in
 * the newest releases (the release-1.36 intro; 1.27 listed 2019 and 2022). The exact release that
 * dropped 2019 was not pinned down; 1.35 is the first release whose docs were read without it.
 */
export const WINDOWS_SERVER_2019_UNLISTED_MINOR = 35;
