// Every rule says how a cluster admission policy enforces it: CEL checks, or why it cannot.
import { CATALOG } from '../../src/engine/catalog';

test('every rule of the catalog has CEL checks or a reason it has none (admission.checks or admission.unsupported), never both', () => {
  const lacking = CATALOG.filter(rule => !rule.admission?.checks && !rule.admission?.unsupported).map(rule => rule.name);
  const both = CATALOG.filter(rule => rule.admission?.checks && rule.admission?.unsupported).map(rule => rule.name);
  expect({ lacking, both }).toEqual({ lacking: [], both: [] });
});

test('a reason a rule has no CEL form is a sentence for users', () => {
  const bad = CATALOG.filter(rule => rule.admission?.unsupported !== undefined && !/^[A-Z].{20,}[.)]$/s.test(rule.admission.unsupported)).map(rule => rule.name);
  expect(bad).toEqual([]);
});
