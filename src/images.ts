/** Windows builds by the release names image tags use. */
const BUILD_BY_RELEASE: { [release: string]: number } = {
  ltsc2019: 17763, 1809: 17763,
  ltsc2022: 20348,
  ltsc2025: 26100,
};

/** The tag of an image reference: after the last ':' of the last path segment, without a digest. */
function tagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1).toLowerCase() : undefined;
}

/** The Windows build an image reference pins, inferred from its tag (or undefined). */
export function inferWindowsBuild(image: string): number | undefined {
  const tag = tagOf(image);
  if (!tag) return undefined;
  const version = /(?:^|-)10\.0\.(\d{5})(?:\.\d+)?(?:-|$)/.exec(tag);
  if (version) return Number(version[1]);
  const tokens = tag.split('-');
  for (const token of tokens) {
    if (token.startsWith('ltsc') && BUILD_BY_RELEASE[token]) return BUILD_BY_RELEASE[token];
  }
  // A bare `1809` is a Windows release only in an image that otherwise looks Windows.
  if (tokens.includes('1809') && isWindowsImage(image)) return BUILD_BY_RELEASE['1809'];
  return undefined;
}

/** Whether an image reference looks like a Windows image (Windows base images and their tags). */
export function isWindowsImage(image: string): boolean {
  const text = image.toLowerCase();
  if (/(^|\/)mcr\.microsoft\.com\/windows(\/|:|$)/.test(text) || /(^|\/)windows\/(servercore|nanoserver|server)(:|@|$)/.test(text)) return true;
  const tag = tagOf(image) ?? '';
  return /(^|-)(windowsservercore|nanoserver)(-|$)/.test(tag) || /(^|-)ltsc20(19|22|25)(-|$)/.test(tag);
}
