// Unit tests of the WindowsChart component with Pulumi's mocks (pulumi.runtime.setMocks): the
// mocks record the resources the program registers; they render nothing and run no policy. The
// end-to-end test renders the same component with the real CLI and provider.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as yaml from 'js-yaml';
import { WindowsChart } from '../../src/windows-chart';
import { LTSC2022_IMAGE, windowsApp } from '../support/windows-app';

interface Registered { readonly type: string; readonly name: string; readonly inputs: any; readonly provider?: string }

const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource: args => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
      return { id: `${args.name}-id`, state: { ...args.inputs, resources: [] } };
    },
    call: args => args.inputs,
  }, 'project', 'stack', false);
});

beforeEach(() => { registered.length = 0; });

/** Waits for the registrations the mocks see (they arrive asynchronously). */
async function settle(component: pulumi.Resource): Promise<void> {
  await new Promise<void>(resolve => component.urn.apply(() => resolve()));
  await new Promise(resolve => setTimeout(resolve, 50));
}

describe('unit (mocks): WindowsChart', () => {
  test('deploys the synthesized YAML as a ConfigGroup through the given provider', async () => {
    const provider = new k8s.Provider('render', { renderYamlToDirectory: 'unused' });
    const chart = new WindowsChart('web', { app: windowsApp() }, { provider });
    await settle(chart);

    const groups = registered.filter(r => r.type === 'kubernetes:yaml/v2:ConfigGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0].name).toBe('web');
    expect(groups[0].inputs.yaml).toBe(chart.yaml);
    expect(groups[0].provider).toMatch(/pulumi:providers:kubernetes::render::/);

    const objects = yaml.loadAll(chart.yaml) as any[];
    expect(objects.map(o => o.kind)).toEqual(['Deployment', 'Service']);
    const pod = objects[0].spec.template.spec;
    expect(pod.os).toEqual({ name: 'windows' });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348' });
    expect(pod.containers[0].image).toBe(LTSC2022_IMAGE);
  });

  test('takes a function building the app', async () => {
    const chart = new WindowsChart('lazy', { app: () => windowsApp() });
    await settle(chart);
    expect(registered.filter(r => r.type === 'kubernetes:yaml/v2:ConfigGroup').map(r => r.name)).toEqual(['lazy']);
  });

  test('a Windows error fails at synthesis, before any object is registered', () => {
    expect(() => new WindowsChart('bad', { app: windowsApp('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2019') }))
      .toThrow(/windows-image-build-mismatch/);
    expect(registered.filter(r => r.type === 'kubernetes:yaml/v2:ConfigGroup')).toEqual([]);
  });
});
