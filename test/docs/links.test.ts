// Dead-link check: every kubernetes.io link a finding can print names a page and an anchor that
// exist in the docs of 1.27 and of the newest release read. The reference,
// kubernetes-docs-anchors.json, lists the heading anchors of each linked page as read from the
// kubernetes/website sources (its `source` fields say which version of each page, and its
// `generatedFrom` how the anchors were derived). A page missing from it fails the test: add it.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG } from '../../src/engine/catalog';
import { DOCS } from '../../src/rules/lib/docs';

interface PageVersion { readonly anchors: string[] | null; readonly source: string }
const REFERENCE: { pages: { [page: string]: { releases: { [release: string]: PageVersion } } } } =
  JSON.parse(fs.readFileSync(path.join(__dirname, 'kubernetes-docs-anchors.json'), 'utf8'));

const kubernetesLinks = [...new Set([...Object.values(DOCS), ...CATALOG.map(rule => rule.docsUrl)])]
  .filter(url => url.startsWith('https://kubernetes.io/'));

test('the rules link only to pages in DOCS', () => {
  expect(CATALOG.map(rule => rule.docsUrl).filter(url => !Object.values(DOCS).includes(url))).toEqual([]);
});

test.each(kubernetesLinks)('%s exists in the 1.27 and the newest docs', url => {
  const [page, anchor] = url.split('#');
  const entry = REFERENCE.pages[page];
  expect(entry).toBeDefined();
  for (const release of ['1.27', 'newest']) {
    const version = entry.releases[release];
    // A page version the reference could not read (configure-gmsa at 1.27) checks the other one only.
    if (version?.anchors === null) continue;
    expect(version).toBeDefined();
    if (anchor !== undefined) expect(version.anchors).toContain(anchor);
  }
});

test('the check would catch the anchors the audit found dead', () => {
  const intro = REFERENCE.pages['https://kubernetes.io/docs/concepts/windows/intro/'].releases;
  for (const release of ['1.27', 'newest']) {
    expect(intro[release].anchors).not.toContain('hyper-v-isolation');
    expect(intro[release].anchors).not.toContain('compatibility-v1-pod-spec-securitycontext');
  }
});
