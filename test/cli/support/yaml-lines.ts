// The tests' oracle for lines of field paths: the `yaml` package's document model with source
// ranges, looked up as src/cli/locate.ts looks up its js-yaml line tree.
import { isMap, isScalar, isSeq, LineCounter, Node as YamlNode, parseDocument } from 'yaml';
import { firstContentLine, matchKey, parsePath } from '../../../src/cli/locate';

/** 0-based line of `path` in a document, with the `yaml` package's source ranges. */
export function lineWithYaml(text: string, path: string): number {
  const counter = new LineCounter();
  const node = parseDocument(text, { lineCounter: counter, uniqueKeys: false }).contents as YamlNode | null;
  if (!node || !node.range) return firstContentLine(text);
  const steps = parsePath(path);
  const lineAt = (offset: number) => counter.linePos(offset).line - 1;
  let current: YamlNode = node;
  let line = lineAt(node.range[0]);
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    if ('index' in step) {
      if (!isSeq(current)) break;
      const item = current.items[step.index] as YamlNode | undefined;
      if (!item || !item.range) break;
      current = item;
      line = lineAt(item.range[0]);
      i++;
      continue;
    }
    if (!isMap(current)) break;
    const map = current;
    const found = matchKey(steps, i, key => {
      // The last occurrence of a key wins, as in the parsed value.
      for (let k = map.items.length - 1; k >= 0; k--) {
        const pair = map.items[k];
        if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
      }
      return undefined;
    });
    if (!found) break;
    const keyNode = found.match.key as YamlNode;
    if (keyNode.range) line = lineAt(keyNode.range[0]);
    i = found.next;
    const value = found.match.value as YamlNode | null;
    if (!value || !value.range) break;
    current = value;
  }
  return line;
}
