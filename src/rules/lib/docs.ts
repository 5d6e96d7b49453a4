/** Upstream documentation pages rules link to. */
export const DOCS = {
  windowsPods: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod',
  securityContext: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-containers-securitycontext',
  podSecurityContext: 'https://kubernetes.io/docs/concepts/windows/intro/#compatibility-v1-pod-spec-securitycontext',
  windowsSecurity: 'https://kubernetes.io/docs/concepts/security/windows-security/',
  runAsUserName: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/',
  gmsa: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-gmsa/',
  hostProcess: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  storage: 'https://kubernetes.io/docs/concepts/storage/windows-storage/',
  networking: 'https://kubernetes.io/docs/concepts/services-networking/windows-networking/',
  resources: 'https://kubernetes.io/docs/concepts/configuration/windows-resource-management/',
  limitations: 'https://kubernetes.io/docs/concepts/windows/intro/#limitations',
  userGuide: 'https://kubernetes.io/docs/concepts/windows/user-guide/',
  compatibility: 'https://learn.microsoft.com/en-us/virtualization/windowscontainers/deploy-containers/version-compatibility',
  hyperv: 'https://kubernetes.io/docs/concepts/windows/intro/#hyper-v-isolation',
};
