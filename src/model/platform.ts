/**
 * The managed Kubernetes platform (or distribution) the cluster runs on. Each adds Windows facts
 * of its own to upstream Kubernetes: which Windows Server versions its node pools offer at a
 * Kubernetes minor, what its admission webhooks do to Windows pods.
 */
export enum Platform {
  /** Upstream Kubernetes, or a platform the library has no facts for: the default. */
  GENERIC = 'generic',
  /** Azure Kubernetes Service. */
  AKS = 'aks',
  /** Amazon Elastic Kubernetes Service. */
  EKS = 'eks',
  /** Google Kubernetes Engine (Standard clusters: Autopilot runs no Windows nodes). */
  GKE = 'gke',
  /** Red Hat OpenShift with the Windows Machine Config Operator. */
  OPENSHIFT = 'openshift',
}

/** How a platform is named in messages and in the target's description. */
export const PLATFORM_NAMES: { readonly [platform: string]: string } = {
  [Platform.GENERIC]: 'generic Kubernetes',
  [Platform.AKS]: 'AKS',
  [Platform.EKS]: 'EKS',
  [Platform.GKE]: 'GKE',
  [Platform.OPENSHIFT]: 'OpenShift',
};
