// The platform rules: each platform's Windows facts, judged only on that platform. The examples
// (examples.ts), then the Windows Server table as docs/WINDOWS-FACTS.md prints it, and what a
// finding tells the user to change.
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES, ON, PROFILE } from './examples';
import { Platform, WindowsServerVersion } from '../../../src';
import { offeredWindowsServers, platformWindowsServersMarkdown, unsupportedWindowsServer } from '../../../src/rules/lib/platforms';
import { PLATFORM_RULES } from '../../../src/rules/platform';
import { windowsDeployment, windowsPodSpec } from '../../support/fixtures';
import { ruleFindings, testExamples } from '../../support/rules';

testExamples(EXAMPLES, PLATFORM_RULES, PROFILE);

const findings = ruleFindings(PLATFORM_RULES, PROFILE);
const { WS2019, WS2022, WS2025 } = WindowsServerVersion;

describe('the Windows Server table', () => {
  test.each([
    [Platform.AKS, WS2019, 32, true], [Platform.AKS, WS2019, 33, false],
    [Platform.AKS, WS2022, 27, true], [Platform.AKS, WS2022, 36, true], [Platform.AKS, WS2022, 37, false],
    [Platform.AKS, WS2025, 31, false], [Platform.AKS, WS2025, 32, true], [Platform.AKS, WS2025, 37, true],
    [Platform.GKE, WS2019, 37, true], [Platform.GKE, WS2022, 37, true], [Platform.GKE, WS2025, 30, false],
    [Platform.EKS, WS2019, 37, true], [Platform.EKS, WS2025, 27, true],
    [Platform.OPENSHIFT, WS2025, 30, true], [Platform.GENERIC, WS2019, 37, true],
  ])('%s offers %s at 1.%d: %s (or the table does not say)', (platform, version, minor, offered) => {
    expect(unsupportedWindowsServer(platform as Platform, version as WindowsServerVersion, minor as number) === undefined).toBe(offered);
  });

  test('docs/WINDOWS-FACTS.md prints the table of the code', () => {
    const facts = fs.readFileSync(path.join(__dirname, '../../../docs/WINDOWS-FACTS.md'), 'utf-8');
    expect(facts).toContain(platformWindowsServersMarkdown());
  });
});

describe('each finding says what to change', () => {
  test('an unsupported version names the versions the platform offers at that minor', () => {
    const [finding] = findings([windowsDeployment()], 'platform-windows-server-unsupported', ON(Platform.AKS, 37, WS2022));
    expect(finding.path).toBe('spec.template.spec.nodeSelector[node.kubernetes.io/windows-build]');
    expect(finding.remediation).toBe('Use Windows Server 2025 on AKS at Kubernetes 1.37.');
    expect(offeredWindowsServers(Platform.AKS, 33)).toBe('Windows Server 2022 or Windows Server 2025');
  });

  test('EKS names the node selector; OpenShift spec.os.name; GKE process isolation', () => {
    const eks = findings([windowsDeployment(windowsPodSpec({ nodeSelector: undefined }))], 'eks-windows-node-selector', ON(Platform.EKS));
    expect(eks[0].remediation).toContain("Add `kubernetes.io/os: windows` to the pod's `spec.nodeSelector`");
    const openshift = findings([windowsDeployment(windowsPodSpec({ os: undefined }))], 'openshift-windows-pod-os', ON(Platform.OPENSHIFT, 30));
    expect(openshift[0].remediation).toContain('Set `spec.os.name: windows`');
  });
});

describe('the admission forms follow the checks\' gating', () => {
  const checksOf = (rule: string, profile: ReturnType<typeof ON>) => PLATFORM_RULES.find(r => r.name === rule)!.admission!.checks!(profile);

  test('each platform rule has CEL checks on its platform only, and none on generic Kubernetes', () => {
    const own: { [rule: string]: Platform } = {
      'eks-windows-node-selector': Platform.EKS, 'openshift-windows-pod-os': Platform.OPENSHIFT, 'gke-hyperv-unsupported': Platform.GKE,
    };
    for (const [rule, platform] of Object.entries(own)) {
      expect(Object.values(Platform).filter(p => checksOf(rule, ON(p, 37)).length > 0)).toEqual([platform]);
    }
    expect(Object.values(Platform).filter(p => checksOf('platform-windows-server-unsupported', ON(p, 37)).length > 0)).toEqual([Platform.AKS, Platform.GKE]);
  });

  test('OpenShift before spec.os is GA, and AKS at a minor that offers every version, have no checks', () => {
    expect(checksOf('openshift-windows-pod-os', ON(Platform.OPENSHIFT, 24))).toEqual([]);
    expect(checksOf('platform-windows-server-unsupported', ON(Platform.AKS, 32))).toEqual([]);
  });

  test('a pinned unsupported target version adds a check; an OS SKU is judged on AKS only', () => {
    expect(checksOf('platform-windows-server-unsupported', ON(Platform.AKS, 33)).map(c => c.messageExpression)).toEqual([
      expect.stringContaining('node.kubernetes.io/windows-build'), expect.stringContaining('os-sku: Windows2019'),
    ]);
    expect(checksOf('platform-windows-server-unsupported', ON(Platform.AKS, 33, WS2019))).toHaveLength(3);
    expect(checksOf('platform-windows-server-unsupported', ON(Platform.GKE, 37)).some(c => c.expression.includes('os-sku'))).toBe(false);
  });
});

test('an OS SKU that is no Windows SKU (even one named like an object property) is not judged', () => {
  for (const sku of ['constructor', 'toString', 'Windows2030']) {
    const spec = windowsPodSpec({ nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/os-sku': sku } });
    expect(findings([windowsDeployment(spec)], 'platform-windows-server-unsupported', ON(Platform.AKS, 33))).toEqual([]);
  }
});
