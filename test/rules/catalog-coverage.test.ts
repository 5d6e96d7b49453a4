// Every rule of the catalog has its own block in test/rules/ (a `describe` or `test` named after
// the rule) with at least one violating case and at least one passing case. A new rule without
// them fails here, and a renamed rule keeps its former name documented.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG, RENAMED_RULES } from '../../src/engine/catalog';

const RULE_TESTS = fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
  .filter(file => file.endsWith('.test.ts') && file !== path.basename(__filename))
  .map(file => fs.readFileSync(path.join(__dirname, file), 'utf8'));

/** The source of the `describe('<rule>…', …)` or `test('<rule>…', …)` block, from its opening to its closing parenthesis. */
function blockOf(rule: string): string | undefined {
  for (const source of RULE_TESTS) {
    const start = new RegExp(`(describe|test)\\('${rule}[':]`).exec(source);
    if (!start) continue;
    let depth = 0;
    for (let i = source.indexOf('(', start.index); i < source.length; i++) {
      const char = source[i];
      if (source.startsWith('//', i)) {
        // Neither do parentheses and quotes in comments.
        i = source.indexOf('\n', i);
        continue;
      }
      if (char === "'" || char === '"' || char === '`') {
        // Parentheses inside strings do not count.
        for (i++; i < source.length && source[i] !== char; i++) if (source[i] === '\\') i++;
        continue;
      }
      if (char === '(') depth++;
      if (char === ')' && --depth === 0) return source.slice(start.index, i + 1);
    }
  }
  return undefined;
}

describe('every rule has a violating and a passing test', () => {
  test.each(CATALOG.map(rule => rule.name))('%s', rule => {
    const block = blockOf(rule);
    expect(block).toBeDefined();
    // Violating: an exact expectation of at least one finding, or a synthesis that throws.
    expect(/expectFindings\([^;]*?,\s*\[\s*\{/s.test(block!) || /\.toThrow\(/.test(block!)).toBe(true);
    // Passing: a check that gives no finding.
    expect(block).toMatch(/\.toEqual\(\[\]\)/);
  });
});

test('renamed rules name only rules of the catalog, and no rule reuses a renamed name', () => {
  const names = new Set(CATALOG.map(rule => rule.name));
  for (const [former, replacements] of Object.entries(RENAMED_RULES)) {
    expect(names.has(former)).toBe(false);
    for (const replacement of replacements) expect(names.has(replacement)).toBe(true);
  }
});
