/**
 * An append-only list of 32-bit integers in a typed array: 4 bytes an entry, outside the
 * JavaScript heap, where a JavaScript array of numbers takes 8 bytes an entry on the heap. For
 * the per-entry bookkeeping a check run keeps to its end (arena offsets, workload ids).
 */
export class IntList {
  private values: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.values = new Int32Array(initialCapacity);
  }

  /** Appends `value` (a 32-bit integer); returns its index. */
  public push(value: number): number {
    if (this.count === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count] = value;
    return this.count++;
  }

  /** The value at `index` (undefined past the end). */
  public get(index: number): number | undefined {
    return index < this.count ? this.values[index] : undefined;
  }

  /** Entries appended. */
  public get length(): number {
    return this.count;
  }
}
