/**
 * One document's text to a value, safely: js-yaml with a nesting limit, and a bounded walk of
 * the result when the text uses anchors and aliases.
 *
 * js-yaml resolves an alias to the same JavaScript value as its anchor, so parsing an alias bomb
 * ("billion laughs") is cheap, but anything that walks the result (rules, JSON output) would
 * expand it. So when a document may contain an alias, the parsed value is walked once, counting
 * nodes and depth as they would be if expanded, and rejected past `10,000 + 2 x its length` nodes
 * (an unexpanded document cannot have more nodes than characters) or past `MAX_DEPTH` levels.
 * Without aliases js-yaml's own `maxDepth` bounds the nesting (and a parser stack overflow on an
 * older js-yaml is caught and reported the same way).
 */
import * as jsyaml from 'js-yaml';
import { JS_YAML_OPTIONS } from './locate';

/** Deepest nesting accepted (Kubernetes objects nest about 20 levels; CRD schemas a few dozen). */
export const MAX_DEPTH = JS_YAML_OPTIONS.maxDepth;

/** A parsed document: its value, or why it could not be parsed (with a 0-based line in the text). */
export type ParseResult =
  | { readonly ok: true; readonly value: unknown; readonly warning?: ParseWarning }
  | { readonly ok: false; readonly message: string; readonly line?: number };

/** Something kubectl accepts that the document should not do (a duplicated key), with its 0-based line. */
export interface ParseWarning {
  readonly message: string;
  readonly line?: number;
}

// An anchor or alias can only start where a node starts: after whitespace, `[`, `{` or `,`. An
// alias needs an anchor in the same document (js-yaml rejects an unknown one), so text without
// both (a cron schedule "*/15 * * * *" has aliases' look, not an anchor) is not walked.
const MAY_HAVE_ANCHOR = /(?:^|[\s[{,])&[^\s[\]{},]/;
const MAY_HAVE_ALIAS = /(?:^|[\s[{,])\*[^\s[\]{},]/;

/** Parses one YAML (or JSON) document. */
export function parseYaml(text: string): ParseResult {
  let value: unknown;
  let warning: ParseWarning | undefined;
  try {
    try {
      value = jsyaml.load(text, JS_YAML_OPTIONS);
    } catch (error) {
      if (!(error instanceof jsyaml.YAMLException) || !/duplicated mapping key/.test(error.reason)) throw error;
      // kubectl's YAML reader keeps the last value of a repeated key: so does the check, and says so.
      value = jsyaml.load(text, { ...JS_YAML_OPTIONS, json: true });
      warning = { message: `${duplicateKeyOf(text, error.mark?.line)}: kubectl keeps the last value, and so does the check`, line: error.mark?.line };
    }
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) {
      const reason = /maxDepth/.test(error.reason) ? `nested deeper than ${MAX_DEPTH} levels` : `malformed YAML: ${error.reason}`;
      return { ok: false, message: reason, line: error.mark?.line };
    }
    if (error instanceof RangeError) return { ok: false, message: 'nested too deeply to parse' };
    return { ok: false, message: `cannot parse: ${(error as Error)?.message ?? String(error)}` };
  }
  if (value !== null && typeof value === 'object' && text.includes('&') && MAY_HAVE_ANCHOR.test(text) && MAY_HAVE_ALIAS.test(text)) {
    const problem = checkExpansion(value, 10_000 + 2 * text.length, MAX_DEPTH);
    if (problem) return { ok: false, message: problem };
  }
  return warning ? { ok: true, value, warning } : { ok: true, value };
}

/** `duplicated mapping key "apiVersion"`, the key read from the line js-yaml points at. */
function duplicateKeyOf(text: string, line: number | undefined): string {
  const key = line === undefined ? undefined : /^\s*(?:-\s+)?["']?([^"':]+)["']?\s*:/.exec(text.split('\n')[line] ?? '')?.[1];
  return key ? `duplicated mapping key ${JSON.stringify(key.trim())}` : 'duplicated mapping key';
}

/** Walks `value` as if aliases were expanded; a message when it exceeds `maxNodes` or `maxDepth`. */
export function checkExpansion(value: unknown, maxNodes: number, maxDepth: number): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++nodes > maxNodes) {
      return `aliases expand to more than ${maxNodes.toLocaleString('en-US')} nodes (an alias bomb?); document rejected`;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return `nested deeper than ${maxDepth} levels (through aliases); document rejected`;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], depth + 1]);
    } else {
      for (const key of Object.keys(node)) stack.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

/** `a mapping`, `a sequence`, `a string`, ... for messages about documents that are not objects. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string'}`;
}
