/**
 * Writes docs/RULES.md from the rule catalog and the feature table of the original Windows support overview.
 *
 *   npx projen docs:rules
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderRulesDoc, unknownRuleReferences } from './docs/rules-doc';
import { CATALOG } from '../src/engine/catalog';

const target = path.join(__dirname, '..', 'docs', 'RULES.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderRulesDoc());
console.log(`wrote ${path.relative(process.cwd(), target)} (${CATALOG.length} rules)`);

const unknown = unknownRuleReferences(CATALOG);
if (unknown.length > 0) {
  console.warn(`feature rows reference rules not in the catalog yet: ${unknown.join(', ')}`);
}
