import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { JsonObject } from '../model/manifest';

/*
 * The one place that relies on how cdk8s runs validations; test/synthesis/validation-pass.test.ts
 * fails if that changes.
 *
 * cdk8s validates an app by calling `node.validate()` on every construct of the tree, root first
 * (preorder): once in `App.synth`, and once more per chart in `App.synthYaml` and `Testing.synth`
 * (`Chart.toJson` validates the whole app). A validation on the root therefore starts each
 * validation pass. There every check of the tree runs back to back, sharing one rendering of each
 * API object, and each checked construct's own validation, later in the same pass, hands back
 * what its check returned. Called any other way (`node.validate()` on one construct), a check
 * renders and runs afresh. Nothing is kept beyond a pass, and cdk8s renders each object again to
 * write it: nothing cdk8s does is replaced.
 */

/** Renders an API object (`toJson`); each object once per `Render`. */
export type Render = (apiObject: ApiObject) => JsonObject;

/** A check of a construct: the messages that fail synthesis (it may print the rest). */
export type PassCheck = (render: Render) => string[];

/** A new `Render`, which renders each API object once and then gives the same manifest. */
export function renderer(): Render {
  const renderings = new Map<ApiObject, JsonObject>();
  return apiObject => {
    const kept = renderings.get(apiObject);
    if (kept !== undefined) return kept;
    const manifest: JsonObject = apiObject.toJson();
    renderings.set(apiObject, manifest);
    return manifest;
  };
}

/** The checks of one construct tree, and what each returned in the pass under way. */
interface TreeChecks {
  readonly checks: Map<IConstruct, PassCheck>;
  readonly results: Map<IConstruct, string[]>;
}

const trees = new WeakMap<IConstruct, TreeChecks>();
const passEndCallbacks: Array<() => void> = [];

/** Calls `callback` after the checks of each validation pass have run. */
export function onPassEnd(callback: () => void): void {
  passEndCallbacks.push(callback);
}

/** Makes `check` the validation of `construct`, run with the other checks of its tree at the start of each pass. */
export function addPassCheck(construct: IConstruct, check: PassCheck): void {
  const root = construct.node.root;
  let tree = trees.get(root);
  if (!tree) {
    const created: TreeChecks = { checks: new Map(), results: new Map() };
    root.node.addValidation({ validate: () => runPass(root, created) });
    trees.set(root, created);
    tree = created;
  }
  const { checks, results } = tree;
  checks.set(construct, check);
  construct.node.addValidation({
    validate: () => {
      const kept = results.get(construct);
      if (kept === undefined) return check(renderer());
      results.delete(construct);
      return kept;
    },
  });
}

function runPass(root: IConstruct, tree: TreeChecks): string[] {
  tree.results.clear();
  const render = renderer();
  try {
    for (const construct of root.node.findAll()) {
      const check = tree.checks.get(construct);
      if (check === undefined) continue;
      try {
        tree.results.set(construct, check(render));
      } catch {
        // A rendering that fails is left to the construct's own validation, which throws it there.
      }
    }
  } finally {
    for (const callback of passEndCallbacks) callback();
  }
  return [];
}
