import { Severity } from '../../model/finding';
import { LINUX_ONLY_IMAGES, linuxOnlyImage } from '../../model/images';
import { isLinuxOnlyImageCel, V } from '../lib/cel';
import { DOCS } from '../lib/docs';
import { containerLabel } from '../lib/security-context';
import { HostProcessPods, Rule } from '../rule';

export const linuxOnlyImageRule: Rule = {
  name: 'linux-only-image',
  severity: Severity.WARNING,
  summary: 'A container of a Windows pod uses an image known to have no Windows build: a listed official Docker Hub image, Fluent Bit\'s release tags, or the Prometheus node exporter.',
  why: `A Windows node pulls the Windows variant of an image; these images are built for Linux only, so the pull fails ("no matching manifest for windows") and the pod never starts. The list: ${Object.entries(LINUX_ONLY_IMAGES).map(([name, what]) => `\`${name}\` (${what})`).join(', ')}. Images with Windows builds (node, python, golang, mongo, the MCR images, e2e test images) are not listed.`,
  remediation: 'Use a Windows image of the software (or its Windows build under another name or tag), or run this container in a Linux pod and reach it over the network.',
  docsUrl: DOCS.userGuide,
  hostProcessPods: HostProcessPods.CHECKED,
  gating: 'Windows pods only. Images are matched by repository name against the list; tags that name a Windows flavour (`nanoserver`, `windowsservercore`, `windows`, `ltsc20xx`) are not flagged. What the rule cannot know: it reads no registry, so an image built on a listed one under another name, a mirror in a private registry, or any unlisted image without a Windows build passes unflagged, and a listed image that later gains a Windows build under the same tags would be flagged until the list changes.',
  sources: 'the Docker Hub official images\' supported architectures (no windows-amd64 for the listed images); fluent-bit-docs installation/downloads/docker.md (release tags: Linux amd64, arm64, arm/v7; Windows builds under windows-* tags); prometheus/node_exporter README (an exporter for *NIX kernels; windows_exporter for Windows); kubernetes.io concepts/windows/user-guide (a Windows node runs Windows images only)',
  admission: {
    checks: () => [{
      expression: `!${V.containers}.exists(c, ${isLinuxOnlyImageCel('c')})`,
      messageExpression: `${V.containers}.filter(c, ${isLinuxOnlyImageCel('c')}).map(c, 'container ' + c.name + ' uses ' + c.image).join(', ') + ', which has no Windows build'`,
    }],
  },
  checkPod: ({ containers }) => containers.flatMap(location => {
    const image = location.container.image;
    const name = typeof image === 'string' ? linuxOnlyImage(image) : undefined;
    if (!name) return [];
    return [{ path: `${location.path}.image`, message: `${containerLabel(location)} uses ${JSON.stringify(image)}, ${LINUX_ONLY_IMAGES[name]}, which has no Windows build` }];
  }),
};
