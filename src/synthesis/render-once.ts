import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { JsonObject } from '../model/manifest';

/*
 * One rendering of each checked API object per synthesis.
 *
 * The rules need an object's final manifest during validation, and cdk8s renders the same object
 * again to write it (and validates the whole app once more per chart in `App.synth`). Rendering is
 * most of the cost of synthesis, so inside one synthesis call the first rendering is kept and
 * reused: between the validations and the writing no user code runs, so it is the manifest that
 * gets written. The kept renderings live exactly as long as the outermost synthesis call
 * (`Chart.toJson`, which `Testing.synth` uses, `App.synth`, `App.synthYaml`) and are dropped when
 * it returns or throws; outside a synthesis every `toJson` renders afresh, so a construct changed
 * after a failed synthesis is never seen stale.
 */

const renderings = new Map<ApiObject, JsonObject>();
let synthesisDepth = 0;
const hookedObjects = new WeakSet<ApiObject>();
/** Marks a wrapped synthesis entry point, so that it is wrapped once. */
const SYNTHESIS_WRAPPER = Symbol('cdk8s-windows.synthesis');

const synthesisEndCallbacks: Array<() => void> = [];

/** Calls `callback` each time the outermost synthesis call returns or throws. */
export function onSynthesisEnd(callback: () => void): void {
  synthesisEndCallbacks.push(callback);
}

/** Whether a synthesis call is under way (renderings are kept until it returns). */
export function isSynthesizing(): boolean {
  return synthesisDepth > 0;
}

/**
 * The manifest of `apiObject`, rendered at most once per synthesis. Later `toJson` calls in the
 * same synthesis (cdk8s writing the object, other validations) get the same manifest.
 */
export function renderOnce(apiObject: ApiObject): JsonObject {
  keepRenderings(apiObject);
  return apiObject.toJson();
}

/**
 * Keeps the renderings of `apiObject` within a synthesis. Call it when the object is built: the
 * synthesis calls of its chart and app are marked from then on.
 */
export function keepRenderings(apiObject: ApiObject): void {
  if (hookedObjects.has(apiObject)) return;
  hookedObjects.add(apiObject);
  markSynthesisCalls(apiObject);
  const render = apiObject.toJson.bind(apiObject);
  // An own property in front of the class's method (the generated Kube* classes override toJson).
  (apiObject as { toJson: () => JsonObject }).toJson = () => {
    if (synthesisDepth === 0) return render();
    const kept = renderings.get(apiObject);
    if (kept !== undefined) return kept;
    const manifest: JsonObject = render();
    renderings.set(apiObject, manifest);
    return manifest;
  };
}

/** Marks the synthesis calls of the chart (if any) and the app that `scope` belongs to. */
export function markSynthesisCalls(scope: IConstruct): void {
  let chart: IConstruct | undefined = scope;
  while (chart && !Chart.isChart(chart)) chart = chart.node.scope;
  if (chart) wrapInSynthesis(chart, 'toJson');
  const root = scope.node.root as any;
  for (const entryPoint of ['synth', 'synthYaml']) {
    if (typeof root[entryPoint] === 'function') wrapInSynthesis(root, entryPoint);
  }
}

/** Marks calls of `target[method]` as a synthesis, during which renderings are kept. */
function wrapInSynthesis(target: any, method: string): void {
  const original = target[method];
  if (original[SYNTHESIS_WRAPPER]) return;
  const synthesis = function (this: unknown, ...args: unknown[]) {
    synthesisDepth++;
    try {
      return original.apply(this, args);
    } finally {
      synthesisDepth--;
      if (synthesisDepth === 0) {
        renderings.clear();
        for (const callback of synthesisEndCallbacks) callback();
      }
    }
  };
  Object.defineProperty(synthesis, SYNTHESIS_WRAPPER, { value: true });
  Object.defineProperty(target, method, { configurable: true, writable: true, value: synthesis });
}
