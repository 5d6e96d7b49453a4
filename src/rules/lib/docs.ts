/**
 * Upstream documentation pages rules link to. Each page and anchor was checked against the
 * kubernetes.io sources of 1.27 and of the newest release (test/docs/links.test.ts checks them
 * against the anchors recorded in test/docs/kubernetes-docs-anchors.json).
 */
export const DOCS = {
  /** The intro's field compatibility table for the Pod: host namespaces, hostNetwork, mountPropagation, dnsPolicy. */
  windowsPods: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod',
  /** The intro's field compatibility table for containers: securityContext fields, terminationMessagePath, huge pages. */
  containers: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers',
  /** "Field compatibility for Pod security context" (upstream's anchor name says containers; the section is the Pod's). */
  podSecurityContext: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers-securitycontext',
  windowsSecurity: 'https://kubernetes.io/docs/concepts/security/windows-security/',
  runAsUserName: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/',
  gmsa: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/',
  hostProcess: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  storage: 'https://kubernetes.io/docs/concepts/storage/windows-storage/',
  networkingLimitations: 'https://kubernetes.io/docs/concepts/services-networking/windows-networking/#limitations',
  loadBalancing: 'https://kubernetes.io/docs/concepts/services-networking/windows-networking/#load-balancing-and-services',
  dnsWindows: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#dns-windows',
  dualStackWindows: 'https://kubernetes.io/docs/concepts/services-networking/dual-stack/#windows-support',
  memory: 'https://kubernetes.io/docs/concepts/configuration/windows-resource-management/#resource-management-memory',
  resources: 'https://kubernetes.io/docs/concepts/configuration/windows-resource-management/',
  limitations: 'https://kubernetes.io/docs/concepts/windows/intro/#limitations',
  userGuide: 'https://kubernetes.io/docs/concepts/windows/user-guide/',
  compatibility: 'https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility',
  /** The intro's opening section: "Kubernetes does not support running Windows containers with Hyper-V isolation". */
  windowsNodes: 'https://kubernetes.io/docs/concepts/windows/intro/#windows-nodes-in-kubernetes',
  /** The Pod Security Standards: what each level's checks forbid. */
  podSecurityStandards: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  /** Pod Security Admission: the namespace labels, modes and versions. */
  podSecurityAdmission: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  /** EKS: Windows support (the VPC resource controller gives Windows pods their IP addresses). */
  eksWindows: 'https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html',
  /** AKS: the Windows Server versions of node pools and how to move workloads between them. */
  aksWindowsOs: 'https://learn.microsoft.com/azure/aks/upgrade-windows-os',
  /** GKE: Windows Server containers (node images, no Hyper-V). */
  gkeWindows: 'https://cloud.google.com/kubernetes-engine/docs/concepts/windows-server-gke',
  /** OpenShift: running Windows container workloads (WMCO). */
  openshiftWindows: 'https://github.com/openshift/windows-machine-config-operator#running-windows-workloads',
};
