/**
 * `--nodes <file>`: the node pools of the cluster, from Node objects as `kubectl get nodes -o yaml`
 * (or `-o json`) prints them: a List, or a stream of Node documents. Nodes with the same labels
 * and taints make one pool (`WindowsNodePool.fromNodes`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { JS_YAML_OPTIONS } from './locate';
import { NodePool } from '../model/node-pools';
import { WindowsNodePool } from '../model/windows-node-pool';

/** Reads the pools of `file` (relative to `cwd`); throws an Error whose message names the file and what is wrong. */
export function readNodePools(file: string, cwd: string): NodePool[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file of Node objects' : (error as Error).message}`);
  }
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(text, undefined, JS_YAML_OPTIONS).filter(d => d !== null && d !== undefined);
  } catch (error) {
    const mark = (error as jsyaml.YAMLException).mark;
    throw new Error(`${file}${mark ? `, line ${mark.line + 1}` : ''}: not YAML or JSON: ${(error as jsyaml.YAMLException).reason ?? (error as Error).message}`);
  }
  let pools: NodePool[];
  try {
    pools = WindowsNodePool.fromNodes(documents);
  } catch (error) {
    // fromNodes names the position as `[i]` or `[i]items[j]`: say which document that is.
    const message = (error as Error).message.replace(/^\[(\d+)\](?:items\[(\d+)\])?/, (_all, doc: string, item?: string) =>
      `document ${Number(doc) + 1}${item !== undefined ? `, item ${Number(item) + 1}` : ''}`);
    throw new Error(`${file}: ${message} (expected Node objects, as \`kubectl get nodes -o yaml\` prints them)`);
  }
  if (pools.length === 0) throw new Error(`${file}: holds no Node (expected Node objects, as \`kubectl get nodes -o yaml\` prints them)`);
  return pools;
}
