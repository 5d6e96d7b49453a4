// IntList: append-only 32-bit integers that grow past their initial capacity intact.
import { IntList } from '../../src/cli/int-list';

test('values survive growth; indexes are returned in order; past the end is undefined', () => {
  const list = new IntList(2);
  const values = [0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 1_000_000];
  expect(values.map(v => list.push(v))).toEqual([0, 1, 2, 3, 4, 5]);
  expect(list.length).toBe(6);
  expect(values.map((_, i) => list.get(i))).toEqual(values);
  expect(list.get(6)).toBeUndefined();
});
