/**
 * A pure function of a string, memoized. Manifests repeat a handful of values (images, quantities,
 * user names); the memo is bounded so that a stream of distinct values cannot grow it without end.
 * Callers share the results: `compute` returns primitives or frozen values.
 */
export function memoizeByString<T>(compute: (value: string) => T, limit = 4096): (value: string) => T {
  const memo = new Map<string, T>();
  return value => {
    if (memo.has(value)) return memo.get(value) as T;
    const result = compute(value);
    if (memo.size >= limit) memo.clear();
    memo.set(value, result);
    return result;
  };
}
