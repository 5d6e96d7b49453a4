import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { WindowsCompliance, WindowsDeployment, WindowsServerVersion } from '../../src';
import { synthValid } from '../support/manifests';

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';

describe('each synthesis sees the constructs as they are', () => {
  test('a change after a synthesis is in the next one', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    expect(synthValid(chart)[0].spec.template.spec.containers[0].env).toBeUndefined();
    deployment.containers[0].env.addVariable('MODE', kplus.EnvValue.fromValue('prod'));
    expect(synthValid(chart)[0].spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'prod' }]);
  });

  test('a change after a failed synthesis is in the next one, in the same turn of the event loop', () => {
    const chart = Testing.chart();
    // An ltsc2019 image on Windows Server 2022 nodes: an engine-only error, which can be suppressed.
    const deployment = new WindowsDeployment(chart, 'web', {
      windowsServerVersion: WindowsServerVersion.WS2022,
      containers: [{ image: 'mcr.microsoft.com/windows/servercore:ltsc2019', portNumber: 80 }],
    });
    expect(() => Testing.synth(chart)).toThrow(/windows-image-build-mismatch/);
    WindowsCompliance.suppress(deployment, 'windows-image-build-mismatch', 'Checking that the fixed construct is rendered afresh.');
    deployment.containers[0].env.addVariable('AFTER', kplus.EnvValue.fromValue('fix'));
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.containers[0].env).toEqual([{ name: 'AFTER', value: 'fix' }]);
  });

  test('outside a synthesis toJson renders afresh every time', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    Testing.synth(chart);
    const apiObject = ApiObject.of(deployment);
    const first = apiObject.toJson();
    deployment.containers[0].env.addVariable('MODE', kplus.EnvValue.fromValue('prod'));
    const second = apiObject.toJson();
    expect(first.spec.template.spec.containers[0].env).toBeUndefined();
    expect(second.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'prod' }]);
  });
});

describe('the Windows treatment and user JSON patches', () => {
  test('a user patch applies after the Windows treatment and overrides it', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.replace('/spec/template/spec/securityContext/windowsOptions/runAsUserName', 'NT AUTHORITY\\NETWORK SERVICE'),
      JsonPatch.add('/spec/template/spec/nodeSelector/pool', 'iis'),
    );
    const spec = synthValid(chart)[0].spec.template.spec;
    expect(spec.securityContext.windowsOptions.runAsUserName).toBe('NT AUTHORITY\\NETWORK SERVICE');
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348', 'pool': 'iis' });
  });
});
