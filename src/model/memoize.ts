/** Stands for a memoized `undefined`. */
const NONE: unique symbol = Symbol('none');

/**
 * A pure function of a string, memoized. Manifests repeat a handful of values (images, quantities,
 * user names); the memo is bounded so that a stream of distinct values cannot grow it without end.
 * Callers share the results: `compute` returns primitives or frozen values.
 */
export function memoizeByString<T>(compute: (value: string) => T, limit = 4096): (value: string) => T {
  // One lookup per call: an undefined result is stored as NONE, so a miss is `undefined`.
  const memo = new Map<string, T | typeof NONE>();
  return value => {
    const known = memo.get(value);
    if (known !== undefined) return known === NONE ? undefined as T : known;
    const result = compute(value);
    if (memo.size >= limit) memo.clear();
    memo.set(value, result === undefined ? NONE : result);
    return result;
  };
}
