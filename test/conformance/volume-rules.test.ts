// The volume rules against the upstream API server: the fixture of everything Windows supports,
// which no rule flags, is a valid manifest.
import { supportedWindowsFeatures } from '../support/fixtures';
import { expectValidManifests, upstreamValidationEnabled } from '../support/manifests';

const maybe = upstreamValidationEnabled() ? test : test.skip;

maybe('the fixture of supported Windows features is a valid manifest', () => {
  expectValidManifests([supportedWindowsFeatures()]);
});
