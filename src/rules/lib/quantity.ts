import { memoizeByString } from '../../model/memoize';

/** Kubernetes resource quantities (`512Mi`, `1Gi`, `1G`, `1e3`, `0.5Gi`, `100m`) as plain numbers. */

const DECIMAL_SUFFIXES = { 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18 };
const BINARY_SUFFIXES = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const SUFFIX_FACTORS: { readonly [suffix: string]: number } = { ...DECIMAL_SUFFIXES, ...BINARY_SUFFIXES };

// <sign><digits>[.<digits>] then a binary/decimal SI suffix or a decimal exponent (`1E` is exa, `1E3` is 1000).
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * The value of a Kubernetes quantity in base units (bytes for memory, cores for CPU), or
 * undefined when `value` is not a quantity. JSON numbers are quantities too.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return parseQuantityText(value);
}

const parseQuantityText = memoizeByString((value: string): number | undefined => {
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  const factor = exponent !== undefined ? 10 ** Number(exponent) : SUFFIX_FACTORS[suffix ?? ''];
  return Number(number) * factor;
});
