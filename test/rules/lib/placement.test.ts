// Whether a pod spec targets Windows, and whether it has any Windows placement: the helpers the
// placement rules and the checker's plan read a pod's placement with.
import { findPodSpec } from '../../../src/model/manifest';
import { hasWindowsPlacement, podTargetsWindows } from '../../../src/rules/lib/placement';
import { windowsContainer, windowsDeployment } from '../../support/fixtures';

describe('hasWindowsPlacement and podTargetsWindows', () => {
  const term = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
  const required = (...terms: any[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const CASES: Array<[string, any, boolean, boolean]> = [
    // name, pod spec fields, podTargetsWindows, hasWindowsPlacement
    ['nothing', {}, false, false],
    ['os windows', { os: { name: 'windows' } }, true, true],
    ['os linux', { os: { name: 'linux' } }, false, false],
    ['selector windows', { nodeSelector: { 'kubernetes.io/os': 'windows' } }, true, true],
    ['beta selector windows', { nodeSelector: { 'beta.kubernetes.io/os': 'windows' } }, true, true],
    ['selector linux', { nodeSelector: { 'kubernetes.io/os': 'linux' } }, false, false],
    ['windows-build selector', { nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' } }, true, true],
    ['affinity windows', { affinity: required(term('kubernetes.io/os', 'In', ['windows'])) }, true, true],
    ['affinity windows-build Exists', { affinity: required(term('node.kubernetes.io/windows-build', 'Exists')) }, true, true],
    ['affinity either OS', { affinity: required(term('kubernetes.io/os', 'In', ['windows']), term('kubernetes.io/os', 'In', ['linux'])) }, false, false],
    ['affinity NotIn linux', { affinity: required(term('kubernetes.io/os', 'NotIn', ['linux'])) }, false, false],
    ['Windows runtime class', { runtimeClassName: 'windows-hyperv' }, true, true],
    ['other runtime class', { runtimeClassName: 'ws2022' }, false, true],
  ];
  test.each(CASES)('%s', (_name, fields, targets, placed) => {
    const pod = findPodSpec(windowsDeployment({ containers: [windowsContainer()], ...fields }))!;
    expect([podTargetsWindows(pod), hasWindowsPlacement(pod)]).toEqual([targets, placed]);
  });
});
