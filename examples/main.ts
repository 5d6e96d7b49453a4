// The README's main job: synthesize the example app into examples/dist/ and say where it went.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { IisAppChart } from './iis-app';

const outdir = path.join(__dirname, 'dist');
const app = new App({ outdir });
const chart = new IisAppChart(app, 'iis-app');
app.synth();

for (const object of chart.toJson()) {
  process.stdout.write(`${object.kind} ${object.metadata.name}\n`);
}
for (const file of fs.readdirSync(outdir)) {
  process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(outdir, file))}\n`);
}
