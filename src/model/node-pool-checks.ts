/**
 * What is wrong with a node pool or a taint, for the target profile, \`WindowsNodePool.fromNodes\`
 * and the checker's \`--nodes\`. Internal (not exported from the package).
 */
import { isObject } from './manifest';
import { NodePool, TaintEffect } from './node-pools';

/** What is wrong with a taint, or undefined. */
export function taintProblem(taint: unknown): string | undefined {
  if (!isObject(taint)) return 'expected a mapping with key and effect';
  if (typeof taint.key !== 'string' || taint.key === '') return 'key is missing or not a string';
  if (taint.value !== undefined && taint.value !== null && typeof taint.value !== 'string') return `value of taint '${taint.key}' is not a string`;
  if (!(Object.values(TaintEffect) as unknown[]).includes(taint.effect)) {
    return `effect ${JSON.stringify(taint.effect)} of taint '${taint.key}' is not one of ${Object.values(TaintEffect).join(', ')}`;
  }
  return undefined;
}

/** What is wrong with a pool, each problem naming the field; empty when nothing is. */
export function nodePoolProblems(pool: NodePool): string[] {
  const problems: string[] = [];
  if (!isObject(pool)) return ['expected an object with a name, labels and taints'];
  if (typeof pool.name !== 'string' || pool.name.trim() === '') problems.push('name is missing or empty');
  if (pool.labels !== undefined) {
    if (!isObject(pool.labels)) {
      problems.push('labels is not a mapping of label keys to values');
    } else {
      for (const [key, value] of Object.entries(pool.labels)) {
        if (key === '') problems.push('labels has an empty key');
        if (typeof value !== 'string') problems.push(`labels['${key}'] is ${JSON.stringify(value)}, not a string`);
      }
    }
  }
  if (pool.taints !== undefined) {
    if (!Array.isArray(pool.taints)) {
      problems.push('taints is not a list');
    } else {
      pool.taints.forEach((taint, i) => {
        const problem = taintProblem(taint);
        if (problem) problems.push(`taints[${i}]: ${problem}`);
      });
    }
  }
  if (pool.nodeCount !== undefined && !(Number.isInteger(pool.nodeCount) && pool.nodeCount >= 0)) {
    problems.push(`nodeCount ${JSON.stringify(pool.nodeCount)} is not a whole number of nodes`);
  }
  if (pool.nodeNames !== undefined && !(Array.isArray(pool.nodeNames) && pool.nodeNames.every(n => typeof n === 'string' && n !== ''))) {
    problems.push('nodeNames is not a list of node names');
  }
  return problems;
}
