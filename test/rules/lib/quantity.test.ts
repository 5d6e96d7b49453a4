// Kubernetes quantities as the rules read them (memory limits and requests compared in bytes).
import { parseQuantity } from '../../../src/rules/lib/quantity';

test('parseQuantity: bytes of binary and decimal suffixes and exponents, millis; undefined when not a quantity', () => {
  expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
  expect(parseQuantity('1Gi')).toBe(2 ** 30);
  expect(parseQuantity('1G')).toBe(1e9);
  expect(parseQuantity('1e3')).toBe(1000);
  expect(parseQuantity('1E3')).toBe(1000);
  expect(parseQuantity('1E')).toBe(1e18);
  expect(parseQuantity('500M')).toBe(5e8);
  expect(parseQuantity('0.5Gi')).toBe(2 ** 29);
  expect(parseQuantity('.5Gi')).toBe(2 ** 29);
  expect(parseQuantity('100m')).toBe(0.1);
  expect(parseQuantity(2048)).toBe(2048);
  expect(parseQuantity('12 GB')).toBeUndefined();
  expect(parseQuantity('Gi')).toBeUndefined();
  expect(parseQuantity(undefined)).toBeUndefined();
});
