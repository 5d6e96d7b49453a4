// The placement rules against the upstream API server: it accepts what they find (an image of
// another build, a node selector for the other OS), so only the rules catch it before the
// scheduler or the kubelet does.
import { windowsContainer, windowsDeployment, windowsPodSpec } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';

const LTSC2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
const LTSC2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const NANO1809 = 'mcr.microsoft.com/windows/nanoserver:1809';

const maybe = upstreamValidationEnabled() ? describe : describe.skip;

/** A Windows pod spec without the windows-build selector, with one container per image. */
const withImages = (images: string[]) => windowsPodSpec({
  nodeSelector: { 'kubernetes.io/os': 'windows' },
  containers: images.map((image, i) => windowsContainer({ name: `c${i}`, image })),
});

maybe('windows-image-build-mismatch', () => {
  test('the API server accepts the violating pods: only the rule catches them', () => {
    expectValidManifests([
      windowsDeployment(windowsPodSpec({ containers: [windowsContainer({ image: LTSC2019 })] })),
      windowsDeployment(withImages([LTSC2022, NANO1809]), 'mixed'),
    ]);
  });
});

maybe('os-selector-conflict', () => {
  test('the API server accepts the conflict: the scheduler and kubelet are where it fails', () => {
    expectValidManifests([windowsDeployment(windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'linux' } }))]);
  });
});
