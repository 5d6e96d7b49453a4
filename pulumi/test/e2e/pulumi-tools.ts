import * as fs from 'fs';
import * as path from 'path';

/** What scripts/setup.sh built and where (its .tools.json). */
export interface PulumiTools {
  /** The Pulumi CLI binary. */
  readonly pulumi: string;
  /** The directory holding bin/pulumi (what `PulumiCommand.get({ root })` takes). */
  readonly pulumiRoot: string;
  /** The CLI's version, e.g. `3.274.1`. */
  readonly pulumiVersion: string;
  /** The PULUMI_HOME with the Kubernetes provider plugin installed. */
  readonly pulumiHome: string;
  /** The Kubernetes provider plugin's version. */
  readonly kubernetesProviderVersion: string;
}

/** The tools scripts/setup.sh built; fails saying to run it when it has not run. */
export function pulumiTools(): PulumiTools {
  const file = path.join(__dirname, '..', '..', '.tools.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`bash scripts/setup.sh\` first (it builds the Pulumi CLI and Kubernetes provider).`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
