/**
 * The Kubernetes and Windows names that constructs emit and rules read: node labels, the legacy
 * Hyper-V annotation, containerd's Windows runtime handlers, the Windows administrator account,
 * and the releases that changed them. One definition each, below both.
 */

/** Node labels with the node OS: the current one and the legacy beta label. */
export const OS_LABELS: readonly string[] = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
/** The node label with the Windows build (`10.0.20348`), set by the kubelet since 1.17; only Windows nodes have it. */
export const WINDOWS_BUILD_LABEL = 'node.kubernetes.io/windows-build';

/** AKS labels each node with its OS SKU (`Windows2019`, `Windows2022`, `Ubuntu`, `AzureLinux`); only Windows nodes carry `Windows*`. */
export const AKS_OS_SKU_LABEL = 'kubernetes.azure.com/os-sku';
/** A node's hostname label: one value per node (its name, as the kubelet sets it by default). */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** `spec.os` is GA from this Kubernetes minor (the field exists since 1.23, behind a gate). */
export const POD_OS_FIELD_GA_MINOR = 25;

/** The pod annotation that asked dockershim for Hyper-V isolation (Kubernetes 1.10 to 1.20). */
export const HYPERV_ISOLATION_ANNOTATION = 'experimental.windows.kubernetes.io/isolation-type';
/** The only value dockershim honoured (compared exactly). */
export const HYPERV_ISOLATION_VALUE = 'hyperv';
/** The HyperVContainer feature gate (the legacy annotation) was removed in this Kubernetes minor. */
export const HYPERV_GATE_REMOVED_MINOR = 21;

/** containerd's default Windows runtime handler (process isolation). */
export const PROCESS_RUNTIME_HANDLER = 'runhcs-wcow-process';
/** containerd's Hyper-V runtime handler (containerd 1.7+). */
export const HYPERV_RUNTIME_HANDLER = 'runhcs-wcow-hypervisor';

/** The account the kubelet treats as root on Windows (compared case-insensitively). */
export const CONTAINER_ADMINISTRATOR = 'ContainerAdministrator';

/** Whether a Windows user name is the container administrator (the kubelet compares case-insensitively). */
export function isContainerAdministrator(userName: string): boolean {
  return userName.toLowerCase() === CONTAINER_ADMINISTRATOR.toLowerCase();
}
