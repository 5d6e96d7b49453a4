/**
 * The line of a field path in a YAML document, computed only for documents that have findings.
 *
 * The document is parsed again with js-yaml, this time with a listener that records where each
 * node opens, into a tree of lines parallel to the parsed value (about twice the cost of a plain
 * parse; the `yaml` package's document model with source ranges, which the tests compare against,
 * costs several times more). The line reported is that of the key (or sequence item) at the path;
 * when the path goes on past what exists (a missing field), that of the deepest node that exists;
 * when the tree cannot be built, the document's first content line.
 */
import * as jsyaml from 'js-yaml';

/** One step of a field path: a mapping key or a sequence index. */
export type PathStep = { readonly key: string; readonly joinable: boolean } | { readonly index: number };

/**
 * Splits a dotted field path: `spec.containers[0].securityContext.privileged`,
 * `metadata.annotations["a.b/c"]`. Keys split on dots are `joinable`: Kubernetes keys such as
 * `kubernetes.io/os` contain dots, so a lookup tries `kubernetes`, then `kubernetes.io/os`.
 */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  let key = '';
  const endKey = () => {
    if (key) steps.push({ key, joinable: true });
    key = '';
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      endKey();
      i++;
    } else if (c === '[') {
      endKey();
      const close = path.indexOf(']', i);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^(["']).*\1$/.test(inner)) steps.push({ key: inner.slice(1, -1).replace(/\\(.)/g, '$1'), joinable: false });
      else steps.push({ key: inner, joinable: false });
      i = close < 0 ? path.length : close + 1;
    } else {
      key += c;
      i++;
    }
  }
  endKey();
  return steps;
}

/** A node of the line tree: where it opens, and its children (keys and values alternate in mappings). */
interface LineNode {
  line: number;
  position: number;
  kind: string | null;
  scalar?: unknown;
  children: LineNode[];
}

/** The children of a leaf, shared (most nodes are scalars: no array for each). */
const NO_CHILDREN: LineNode[] = [];

/**
 * YAML 1.2 core types plus merge keys (`<<`), as Kubernetes reads manifests: no timestamps
 * (sigs.k8s.io/yaml keeps `2024-01-01` a string where js-yaml's default schema makes a Date).
 */
export const KUBERNETES_SCHEMA = jsyaml.CORE_SCHEMA.extend({
  implicit: [new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null })],
});

/** The options js-yaml is always used with (shared with the checker's main parse). */
export const JS_YAML_OPTIONS: jsyaml.LoadOptions & { readonly maxDepth: number } = {
  schema: KUBERNETES_SCHEMA,
  // Nesting limit (js-yaml 4.3 enforces it; the checker also measures depth itself, aliases included).
  maxDepth: 128,
};

/** Finds lines of field paths in one document. Build once per document, ask for every finding. */
export class DocumentLocator {
  private tree?: LineNode | null;

  /**
   * @param text the document's text
   * @param startLine 1-based line of the text's first line in its source
   */
  constructor(private readonly text: string, private readonly startLine: number) {}

  /** 1-based line (in the source) of `path`, or of the deepest part of it that exists. */
  public lineOf(path: string): number {
    const steps = parsePath(path);
    if (this.tree === undefined) this.tree = buildTree(this.text);
    return this.startLine + (this.tree ? lookupTree(this.tree, steps) : firstContentLine(this.text));
  }
}

/** 0-based line of `path` in a document, with js-yaml's listener; undefined when the line tree is not well formed. */
export function lineWithJsYaml(text: string, path: string): number | undefined {
  const tree = buildTree(text);
  return tree ? lookupTree(tree, parsePath(path)) : undefined;
}

/** Tries `steps[i]`, then `steps[i].steps[i+1]`, ... (joinable keys only); the first that `find` finds. */
export function matchKey<T>(steps: PathStep[], i: number, find: (key: string) => T | undefined): { match: T; next: number } | undefined {
  let key = '';
  for (let j = i; j < steps.length; j++) {
    const step = steps[j];
    if ('index' in step || (j > i && !step.joinable)) break;
    key = j === i ? step.key : `${key}.${step.key}`;
    const match = find(key);
    if (match !== undefined) return { match, next: j + 1 };
    if (!step.joinable) break;
  }
  return undefined;
}

const BLANK = /^(?:\s|#[^\n]*)*$/;

/** Builds the line tree with js-yaml's listener; null when the parse fails or the tree is not well formed. */
function buildTree(text: string): LineNode | null {
  const stack: LineNode[] = [{ line: 0, position: -1, kind: 'root', children: [] }];
  let wellFormed = true;
  const adopt = (parent: LineNode, child: LineNode) => {
    if (parent.children === NO_CHILDREN) parent.children = [child];
    else parent.children.push(child);
  };
  try {
    jsyaml.load(text, {
      ...JS_YAML_OPTIONS,
      // A repeated key is read (the last one wins, as the check reads it) rather than refused.
      json: true,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ line: state.line, position: state.position, kind: null, children: NO_CHILDREN });
          return;
        }
        const node = stack.pop();
        if (!node || stack.length === 0) throw new Error('unbalanced listener events');
        node.kind = state.kind;
        if (state.kind === 'scalar') node.scalar = state.result;
        // A flow collection where a block node may start is first tried as the key of a block
        // mapping: js-yaml then reports a node wrapping it, opened where the wrapper opened or
        // with only blanks and comments between. The collection itself is what the value holds.
        const only = node.children.length === 1 ? node.children[0] : undefined;
        const parent = stack[stack.length - 1];
        if (only && only.kind === node.kind && (node.kind === 'mapping' || BLANK.test(text.slice(node.position, only.position)))) {
          adopt(parent, only);
        } else {
          // Every mapping must hold key/value pairs.
          if (node.kind === 'mapping' && node.children.length % 2 !== 0) wellFormed = false;
          adopt(parent, node);
        }
      },
    });
  } catch {
    return null;
  }
  if (!wellFormed || stack.length !== 1 || stack[0].children.length !== 1) return null;
  return stack[0].children[0];
}

/** 0-based line in the document of the deepest node along `steps`. */
function lookupTree(root: LineNode, steps: PathStep[]): number {
  let node = root;
  let line = root.line;
  for (let i = 0; i < steps.length;) {
    const step = steps[i];
    if ('index' in step) {
      if (node.kind !== 'sequence') break;
      const item = node.children[step.index];
      if (!item) break;
      node = item;
      line = item.line;
      i++;
      continue;
    }
    if (node.kind !== 'mapping') break;
    const children = node.children;
    const found = matchKey(steps, i, key => {
      // The last occurrence of a key wins in js-yaml, as in the parsed value.
      for (let k = children.length - 2; k >= 0; k -= 2) {
        if (children[k].kind === 'scalar' && String(children[k].scalar) === key) return k;
      }
      return undefined;
    });
    if (!found) break;
    line = children[found.match].line;
    node = children[found.match + 1];
    i = found.next;
  }
  return line;
}

/** 0-based line of the first line that is not blank, a comment or a bare `---` marker. */
export function firstContentLine(text: string): number {
  const lines = text.split('\n', 10_000);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line && !line.startsWith('#') && line !== '---' && !line.startsWith('%')) return i;
  }
  return 0;
}
