import { Severity } from '../../model/finding';
import { LINUX_ONLY_IMAGES, linuxOnlyImage } from '../../model/images';
import { DOCS } from '../lib/docs';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const linuxOnlyImageRule: Rule = {
  name: 'linux-only-image',
  severity: Severity.WARNING,
  summary: 'A container of a Windows pod uses an official Docker Hub image that has no Windows build.',
  why: `A Windows node pulls the Windows variant of an image; these official images are built for Linux only, so the pull fails ("no matching manifest for windows") and the pod never starts. The list: ${Object.entries(LINUX_ONLY_IMAGES).map(([name, what]) => `\`${name}\` (${what})`).join(', ')}. Images with Windows builds (node, python, golang, mongo, the MCR images, e2e test images) are not listed.`,
  remediation: 'Use a Windows image of the software (or its Windows build under another name), or run this container in a Linux pod and reach it over the network.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Windows pods only. Tags that name a Windows flavour (`nanoserver`, `windowsservercore`, `ltsc20xx`) and images of other namespaces or registries are not flagged: only the library images listed are known to be Linux-only.',
  sources: 'the Docker Hub official images\' supported architectures (no windows-amd64 for the listed images); kubernetes.io concepts/windows/user-guide (a Windows node runs Windows images only)',
  checkPod: ({ containers }) => containers.flatMap(location => {
    const image = location.container.image;
    const name = typeof image === 'string' ? linuxOnlyImage(image) : undefined;
    if (!name) return [];
    return [{ path: `${location.path}.image`, message: `${containerLabel(location)} uses ${JSON.stringify(image)}, ${LINUX_ONLY_IMAGES[name]}, which has no Windows build` }];
  }),
};
