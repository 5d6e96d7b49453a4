// memoizeByString: one computation per value, undefined results included, and a bounded memo.
import { memoizeByString } from '../../src/model/memoize';

test('computes each value once, undefined results too; the memo is cleared at its limit', () => {
  const calls: string[] = [];
  const lengthUnlessEmpty = memoizeByString((value: string) => {
    calls.push(value);
    return value === '' ? undefined : value.length;
  }, 3);
  expect(['ab', 'ab', '', '', 'abc'].map(lengthUnlessEmpty)).toEqual([2, 2, undefined, undefined, 3]);
  expect(calls).toEqual(['ab', '', 'abc']);
  lengthUnlessEmpty('abcd'); // a fourth value: the memo is full, so it starts over
  lengthUnlessEmpty('ab');
  expect(calls).toEqual(['ab', '', 'abc', 'abcd', 'ab']);
});
