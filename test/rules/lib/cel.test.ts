// The image patterns of the CEL fragments (src/rules/lib/cel.ts) against the functions they port
// (src/model/images.ts), on every image the rule examples, the real-world corpus and a list of
// edge cases name. JavaScript's RegExp reads these RE2 patterns the same way (no lookaround, no
// backreferences, no lazy quantifiers).
import * as jsyaml from 'js-yaml';
import { isWindowsImage, linuxOnlyImage } from '../../../src/model/images';
import { LINUX_ONLY_IMAGE_PATTERN, WINDOWS_IMAGE_PATTERN } from '../../../src/rules/lib/cel';
import { realWorldCases } from '../../support/real-world-corpus';
import { EXAMPLES as CONTAINER } from '../container/examples';
import { EXAMPLES as ISOLATION } from '../isolation/examples';
import { EXAMPLES as PLACEMENT } from '../placement/examples';
import { EXAMPLES as POD } from '../pod/examples';
import { EXAMPLES as VOLUMES } from '../volumes/examples';

/** `normalizedImage` in JavaScript: trimmed, lower case, without the digest. */
const normalized = (image: string) => image.trim().toLowerCase().split('@')[0];

function imagesIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {value.forEach(v => imagesIn(v, out));} else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'image' && typeof v === 'string') out.add(v);
      else imagesIn(v, out);
    }
  }
  return out;
}

const EDGE_CASES = [
  'mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows:ltsc2019', 'mcr.microsoft.com/windows', 'mcr.microsoft.com/windowsfoo:1',
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8', 'mcr.microsoft.com/dotnet/framework/aspnet/sub:1', 'microsoft/iis', 'docker.io/microsoft/nanoserver:1809',
  'microsoft/mssql-server-windows-developer:2017', 'contoso.io/windows/servercore/iis:1', 'myreg:5000/nanoserver', 'myreg:5000/app:nanoserver-1809',
  'app:1.0-windowsservercore-ltsc2022', 'app:10.0.20348.2340', 'app:10.0.12345', 'app:windows', 'app:windowsx',
  'app:ltsc2022-amd64', 'app:xltsc2022',
  'golang:1.22-windowsservercore-1809', 'app@sha256:abc', 'mcr.microsoft.com/windows/nanoserver@sha256:abc', ' MCR.Microsoft.com/Windows/ServerCore:LTSC2022 ',
  'nginx', 'nginx:1.27', 'library/nginx:1', 'docker.io/library/busybox:1.36', 'redis:3.0-nanoserver', 'fluent/fluent-bit:windows-2022-3.1.4', 'fluent/fluent-bit:3.1',
  'cr.fluentbit.io/fluent/fluent-bit', 'quay.io/prometheus/node-exporter:v1', 'prom/node-exporter', 'myorg/nginx', 'nginx-ingress:1', 'registry.k8s.io/e2e-test-images/busybox:1.29-4',
];

const IMAGES = [...new Set([
  ...EDGE_CASES,
  ...imagesIn([PLACEMENT, POD, CONTAINER, VOLUMES, ISOLATION].flat().flatMap(e => [...e.violating, ...e.passing].flatMap(x => x.objects)), new Set()),
  ...imagesIn(realWorldCases().flatMap(c => jsyaml.loadAll(c.text)), new Set()),
])];

test('WINDOWS_IMAGE_PATTERN is isWindowsImage on every image', () => {
  const pattern = new RegExp(WINDOWS_IMAGE_PATTERN);
  const differ = IMAGES.filter(image => pattern.test(normalized(image)) !== isWindowsImage(image));
  expect(differ).toEqual([]);
  expect(IMAGES.filter(image => isWindowsImage(image)).length).toBeGreaterThan(20);
  expect(IMAGES.filter(image => !isWindowsImage(image)).length).toBeGreaterThan(10);
});

test('LINUX_ONLY_IMAGE_PATTERN, less Windows images, is linuxOnlyImage on every image', () => {
  const linux = new RegExp(LINUX_ONLY_IMAGE_PATTERN);
  const windows = new RegExp(WINDOWS_IMAGE_PATTERN);
  const byPattern = (image: string) => linux.test(normalized(image)) && !windows.test(normalized(image));
  const differ = IMAGES.filter(image => byPattern(image) !== (linuxOnlyImage(image) !== undefined));
  expect(differ).toEqual([]);
  expect(IMAGES.filter(image => linuxOnlyImage(image) !== undefined).length).toBeGreaterThan(5);
});
