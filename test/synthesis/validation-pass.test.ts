import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WindowsDeployment } from '../../src';
import * as checkPlan from '../../src/engine/check-plan';

// src/synthesis/validation-pass.ts relies on how cdk8s runs validations: these tests fail when a
// cdk8s release changes it.

const IIS = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';

/** An app of `charts` charts with a construct in each, and the validations run, in order. */
function recordedApp(charts: number): { app: App; firstChart: Chart; events: string[] } {
  const app = Testing.app();
  const events: string[] = [];
  app.node.addValidation({ validate: () => { events.push('root'); return []; } });
  const built = Array.from({ length: charts }, (_, i) => {
    const chart = new Chart(app, `chart${i}`);
    const leaf = new Construct(new Construct(chart, 'group'), 'leaf');
    leaf.node.addValidation({ validate: () => { events.push(`leaf${i}`); return []; } });
    return chart;
  });
  return { app, firstChart: built[0], events };
}

/** The passes in `events`: each starts at the root. */
const passes = (events: string[]) => events.join(' ').split(/(?=root)/).map(pass => pass.trim());

describe('cdk8s validates the whole tree, root first, in every validation pass', () => {
  test('Testing.synth: one pass', () => {
    const { firstChart, events } = recordedApp(2);
    Testing.synth(firstChart);
    expect(passes(events)).toEqual(['root leaf0 leaf1']);
  });

  test('App.synthYaml: one pass, then one per chart', () => {
    const { app, events } = recordedApp(2);
    app.synthYaml();
    expect(passes(events)).toEqual(['root leaf0 leaf1', 'root leaf0 leaf1', 'root leaf0 leaf1']);
  });

  test('App.synth: one pass, then one per chart', () => {
    const { app, events } = recordedApp(2);
    app.synth();
    expect(passes(events)).toEqual(['root leaf0 leaf1', 'root leaf0 leaf1', 'root leaf0 leaf1']);
  });
});

/** Counts the renderings of `deployment` while `run` runs: each resolves its lazy spec once. */
function renderingsDuring(deployment: kplus.Deployment, run: () => void): number {
  const workload = deployment as any;
  const buildSpec = workload._toKube;
  let count = 0;
  workload._toKube = () => {
    count++;
    return buildSpec.call(workload);
  };
  try {
    run();
  } finally {
    workload._toKube = buildSpec;
  }
  return count;
}

describe('the work of a synthesis', () => {
  afterEach(() => jest.restoreAllMocks());

  test('Testing.synth renders a WindowsDeployment once for the rules and once to write it, and runs the rules once', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    const rules = jest.spyOn(checkPlan, 'checkObjects');
    expect(renderingsDuring(deployment, () => Testing.synth(chart))).toBe(2);
    expect(rules).toHaveBeenCalledTimes(1);
  });

  test('App.synthYaml renders once per validation pass and once to write, and runs the rules once', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    deployment.exposeViaService({ ports: [{ port: 80 }] });
    const rules = jest.spyOn(checkPlan, 'checkObjects');
    let yaml = '';
    // Two passes (the app, then its one chart), each rendering the Deployment once for its own
    // rules and the Service's, and the writing.
    expect(renderingsDuring(deployment, () => { yaml = app.synthYaml(); })).toBe(3);
    // The Deployment and the Service, once each: the second pass sees the same manifests.
    expect(rules).toHaveBeenCalledTimes(2);
    expect(yaml).toMatch(/^kind: Deployment$/m);
  });

  test('a construct validated on its own renders afresh', () => {
    const chart = Testing.chart();
    const deployment = new WindowsDeployment(chart, 'web', { containers: [{ image: IIS, portNumber: 80 }] });
    Testing.synth(chart);
    deployment.containers[0].env.addVariable('MODE', kplus.EnvValue.fromValue('prod'));
    expect(renderingsDuring(deployment, () => deployment.node.validate())).toBe(1);
  });
});
