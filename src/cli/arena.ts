/**
 * Append-only storage for the strings a check run keeps until the end (workload skeletons,
 * deferred documents), as UTF-8 in 1 MiB blocks outside the JavaScript heap. As JavaScript
 * strings they would cost several times their length (string headers, the pieces JSON.stringify
 * builds them from, and the garbage collector's headroom over live data).
 *
 * Past `memoryLimit` bytes, full blocks are written to a temporary file (unlinked at once where
 * the platform allows, removed by `close`) and read back on demand, so memory stays bounded
 * however large the input. When no temporary file can be written, blocks stay in memory.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BLOCK_BYTES = 1024 * 1024;

/** Bytes of blocks kept in memory before spilling to a temporary file. */
export const DEFAULT_ARENA_MEMORY_LIMIT = 4 * 1024 * 1024;

export class TextArena {
  /** In-memory blocks; `undefined` once written to the file. */
  private readonly blocks: Array<Buffer | undefined> = [];
  /** Where each spilled block is in the file. */
  private readonly fileOffsets: number[] = [];
  private used = BLOCK_BYTES;
  private inMemory = 0;
  private stored = 0;
  private file?: { readonly fd: number; readonly dir: string; size: number };
  private spillFailed = false;
  /**
   * Blocks already written to the file, for the next blocks to reuse: every one of them, not just
   * the last, or each spill would leave the others to the garbage collector (memory outside the
   * heap that it frees late: 25 MiB more peak on 100,000 documents).
   */
  private readonly spares: Buffer[] = [];
  // Per entry: block, start and end offset (small integers: V8 keeps them unboxed).
  private readonly entryBlock: number[] = [];
  private readonly entryStart: number[] = [];
  private readonly entryEnd: number[] = [];

  constructor(private readonly memoryLimit = DEFAULT_ARENA_MEMORY_LIMIT) {}

  /** Stores `text`; returns its id. */
  public add(text: string): number {
    const worst = text.length * 3; // UTF-8 bytes per UTF-16 code unit, at most
    if (this.blocks.length === 0 || this.used + worst > BLOCK_BYTES) this.newBlock(Math.max(BLOCK_BYTES, worst));
    const index = this.blocks.length - 1;
    const written = this.blocks[index]!.write(text, this.used, 'utf8');
    this.entryBlock.push(index);
    this.entryStart.push(this.used);
    this.used += written;
    this.entryEnd.push(this.used);
    this.stored += written;
    return this.entryBlock.length - 1;
  }

  /** The text stored under `id`. */
  public get(id: number): string {
    const index = this.entryBlock[id];
    const start = this.entryStart[id];
    const end = this.entryEnd[id];
    const block = this.blocks[index];
    if (block) return block.toString('utf8', start, end);
    const bytes = Buffer.allocUnsafe(end - start);
    fs.readSync(this.file!.fd, bytes, 0, bytes.length, this.fileOffsets[index] + start);
    return bytes.toString('utf8');
  }

  /** Bytes stored. */
  public get size(): number {
    return this.stored;
  }

  /** Bytes written to the temporary file. */
  public get spilled(): number {
    return this.file?.size ?? 0;
  }

  /** Releases the temporary file. The arena must not be used afterwards. */
  public close(): void {
    if (!this.file) return;
    try {
      fs.closeSync(this.file.fd);
    } catch { /* already closed */ }
    fs.rmSync(this.file.dir, { recursive: true, force: true });
    this.file = undefined;
  }

  private newBlock(bytes: number): void {
    const previous = this.blocks.length - 1;
    if (previous >= 0) {
      // Blocks hold what was written; an oversized one is trimmed to its use.
      this.blocks[previous] = this.blocks[previous]!.subarray(0, this.used);
      if (this.inMemory > this.memoryLimit) this.spill(previous);
    }
    // A block written to the file is reused: spilling then allocates nothing, and memory outside
    // the heap does not pile up between garbage collections.
    const block = (bytes === BLOCK_BYTES ? this.spares.pop() : undefined) ?? Buffer.allocUnsafeSlow(bytes);
    this.blocks.push(block);
    this.inMemory += bytes;
    this.used = 0;
  }

  /** Writes every in-memory block up to `last` to the temporary file. */
  private spill(last: number): void {
    if (this.spillFailed) return;
    try {
      if (!this.file) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-windows-'));
        const name = path.join(dir, 'arena');
        const fd = fs.openSync(name, 'w+', 0o600);
        this.file = { fd, dir, size: 0 };
        try {
          fs.unlinkSync(name); // gone with the process, whatever happens (POSIX)
        } catch { /* Windows: removed by close() */ }
      }
      for (let i = 0; i <= last; i++) {
        const block = this.blocks[i];
        if (!block) continue;
        let offset = 0;
        while (offset < block.length) offset += fs.writeSync(this.file.fd, block, offset, block.length - offset, this.file.size + offset);
        this.fileOffsets[i] = this.file.size;
        this.file.size += block.length;
        this.inMemory -= block.buffer.byteLength;
        this.blocks[i] = undefined;
        if (block.buffer.byteLength === BLOCK_BYTES) this.spares.push(Buffer.from(block.buffer, 0, BLOCK_BYTES));
      }
    } catch {
      this.spillFailed = true; // keep everything in memory
    }
  }
}
