/**
 * Streaming input: files, directories and stdin, split into YAML documents as they are read: a
 * source is never held in memory whole, only the read buffer and the documents not yet handed on.
 *
 * Documents are split on document markers: a line that is exactly `---` (or `...`), or starts with
 * `--- ` / `---\t`, at column 0. YAML forbids such a line inside any scalar (production
 * `c-forbidden`, YAML 1.2.2 section 9.1.4): block scalar content is indented under its parent, and
 * even a top-level block scalar or a multi-line quoted scalar ends at a column-0 marker. So a
 * column-0 marker always separates documents, and splitting on it is exact. The marker line stays
 * at the head of the document it opens (`--- |` or `--- {a: 1}` carry content); `...` ends a
 * document and is dropped. Directives (`%YAML`, `%TAG`) are not supported (nobody writes them in
 * manifests); a document of only comments, blank lines or directives is not a document.
 *
 * A source that contains a NUL byte or is not valid UTF-8 is reported at that point and read no
 * further; the documents before it are still checked. A UTF-8 byte order mark is dropped.
 */
import * as nodeBuffer from 'buffer';
import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { TextDecoder } from 'util';

/** One YAML document of a source. */
export interface SourceDocument {
  /** The source's display name: the path as given (joined for directory entries) or `<stdin>`. */
  readonly source: string;
  /** 0-based index of the document in its source (documents with content only). */
  readonly index: number;
  /** 1-based line of the document's first line (its `---` marker, when it has one). */
  readonly startLine: number;
  /** The document's text, marker line included. */
  readonly text: string;
}

/** A problem with the input: the source, and where in it when known. */
export interface InputProblem {
  readonly source: string;
  /** 0-based document index, when the problem is in one document. */
  readonly documentIndex?: number;
  /** 1-based line, when known. */
  readonly line?: number;
  readonly message: string;
}

/** Receives what a source holds, in order. */
export interface DocumentSink {
  document(document: SourceDocument): void;
  problem(problem: InputProblem): void;
}

/** Display name of standard input. */
export const STDIN_NAME = '<stdin>';

/** Extensions read when walking directories (files named explicitly are read whatever their name). */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A document larger than this (in UTF-16 code units, about bytes for ASCII) is reported and skipped. */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;

// 64 KiB: each chunk decodes to a string small enough for V8's young generation. From 128 KiB
// strings go to large-object space, reclaimed only by full collections, and from 1 MiB Node makes
// them external: either way garbage piles up and peak memory grows with the input's size.
const READ_CHUNK_BYTES = 64 * 1024;
// A document marker at the start of a line: `---` or `...` alone, or `---` followed by a space/tab.
const MARKER = /^(?:---(?:[ \t][^\n]*)?|\.\.\.[ \t]*(?:#[^\n]*)?)\r?$/gm;

/**
 * Splits a stream of text into documents. Feed it decoded text with `push`, then call `end`.
 * Lines are counted as they pass, so each document knows its first line.
 */
export class DocumentSplitter {
  private pending = '';
  private parts: string[] = [];
  private partsLength = 0;
  private oversized = false;
  /** 1-based line number of the next complete line to be consumed. */
  private line = 1;
  private documentStart = 1;
  private index = 0;

  constructor(private readonly source: string, private readonly sink: DocumentSink,
    private readonly maxDocumentChars = MAX_DOCUMENT_CHARS) {}

  /** The 1-based line the splitter has reached (for reporting problems found by the reader). */
  public get currentLine(): number {
    return this.line + countNewlines(this.pending, 0, this.pending.length);
  }

  /** Adds decoded text. */
  public push(text: string): void {
    if (text.length === 0) return;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.pending += text;
      if (this.pending.length > this.maxDocumentChars) {
        this.append(this.pending);
        this.pending = '';
      }
      return;
    }
    const complete = this.pending + text.slice(0, lastNewline + 1);
    this.pending = text.slice(lastNewline + 1);
    this.consume(complete);
  }

  /** Ends the stream: the last document is emitted. */
  public end(): void {
    if (this.pending.length > 0) {
      const rest = this.pending;
      this.pending = '';
      this.consume(rest.endsWith('\n') ? rest : rest + '\n');
    }
    this.flush(false);
  }

  /** Drops the document being read (the source turned out unreadable at this point). */
  public abandon(): void {
    this.parts = [];
    this.partsLength = 0;
    this.pending = '';
  }

  /** Complete lines only: `text` ends with a newline. */
  private consume(text: string): void {
    let position = 0;
    MARKER.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = MARKER.exec(text)) !== null) {
      const markerStart = match.index;
      const markerEnd = markerStart + match[0].length + 1; // the newline after the marker line
      if (markerStart > position) this.append(text.slice(position, markerStart));
      this.line += countNewlines(text, position, markerStart);
      this.flush(true);
      if (match[0].startsWith('---')) {
        // The marker line opens the next document: one slice with the lines after it, no join.
        this.documentStart = this.line;
        position = markerStart;
      } else {
        // `...` ends the document and is dropped.
        this.documentStart = this.line + 1;
        this.line += 1;
        position = markerEnd;
      }
      MARKER.lastIndex = markerEnd;
    }
    if (position < text.length) {
      this.append(text.slice(position));
      this.line += countNewlines(text, position, text.length);
    }
  }

  private append(text: string): void {
    if (this.oversized) return;
    if (this.partsLength + text.length > this.maxDocumentChars) {
      this.oversized = true;
      this.parts = [];
      this.partsLength = 0;
      return;
    }
    this.parts.push(text);
    this.partsLength += text.length;
  }

  /**
   * Emits the document read so far. `lineAfter` is true when called at a marker (this.line is then
   * the marker's line) and false at the end of the stream.
   */
  private flush(atMarker: boolean): void {
    const startLine = this.documentStart;
    if (this.oversized) {
      this.oversized = false;
      this.sink.problem({
        source: this.source,
        documentIndex: this.index++,
        line: startLine,
        message: `document larger than ${Math.round(this.maxDocumentChars / (1024 * 1024))} MiB; skipped`,
      });
    } else if (this.parts.length > 0) {
      const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
      if (hasContent(text)) this.sink.document({ source: this.source, index: this.index++, startLine, text });
    }
    this.parts = [];
    this.partsLength = 0;
    if (!atMarker) this.documentStart = this.line;
  }
}

/** Whether a document holds anything but comments, blank lines, directives and its `---` marker. */
export function hasContent(text: string): boolean {
  let start = 0;
  if (text.startsWith('---')) {
    const end = text.indexOf('\n');
    const rest = (end < 0 ? text.slice(3) : text.slice(3, end)).trim();
    if (rest && !rest.startsWith('#')) return true;
    if (end < 0) return false;
    start = end + 1;
  }
  // A line whose first non-blank character is not '#' (and that is not a directive) is content.
  return /^[ \t]*[^ \t\r\n#%]/m.test(start === 0 ? text : text.slice(start));
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    count++;
    i = text.indexOf('\n', i + 1);
  }
  return count;
}

/**
 * Reads one stream to the end, feeding its documents to `sink`. Never rejects: read errors,
 * NUL bytes and invalid UTF-8 become problems of the source.
 */
export async function readStream(stream: Readable, source: string, sink: DocumentSink,
  maxDocumentChars = MAX_DOCUMENT_CHARS): Promise<void> {
  try {
    await readChunks(stream, source, sink, maxDocumentChars);
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a file (see `readStream`) through one reused buffer: no garbage per chunk, so memory does
 * not grow with the file's size while the garbage collector catches up. Reads are synchronous:
 * the checker has nothing else to do meanwhile, and an asynchronous read per chunk left the
 * process idle for about 5% of a check (a thread-pool round trip for every 64 KiB).
 */
export async function readFile(file: string, displayName: string, sink: DocumentSink, maxDocumentChars = MAX_DOCUMENT_CHARS): Promise<void> {
  let fd: number;
  try {
    fd = fsSync.openSync(file, 'r');
  } catch (error) {
    sink.problem({ source: displayName, message: `cannot read: ${describeError(error)}` });
    return;
  }
  try {
    await readChunks(fileChunks(fd), displayName, sink, maxDocumentChars);
  } finally {
    try {
      fsSync.closeSync(fd);
    } catch {
      // Nothing was written: a failed close loses nothing.
    }
  }
}

/**
 * The file's bytes in chunks that share one buffer: each is valid until the next is asked for.
 * A chunk ends at a line break whenever its buffer holds one: the incomplete last line is moved
 * to the front of the buffer and read on from there. Such a chunk is whole UTF-8 (a line break
 * byte is never part of a multi-byte character), so it decodes without the streaming decoder,
 * and the splitter gets complete lines, with nothing to join to the next chunk.
 */
function* fileChunks(fd: number): Generator<Uint8Array> {
  const buffer = Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);
  let carried = 0;
  for (;;) {
    const bytesRead = fsSync.readSync(fd, buffer, carried, buffer.length - carried, null);
    const filled = carried + bytesRead;
    if (bytesRead === 0) {
      if (carried > 0) yield buffer.subarray(0, carried);
      return;
    }
    const lastNewline = buffer.lastIndexOf(0x0a, filled - 1);
    // A line longer than the buffer is passed on in pieces (the decoder and splitter join them);
    // so is binary data, which the reader reports as such when it sees the NUL byte.
    if (lastNewline < 0 || buffer.subarray(0, filled).indexOf(0) >= 0) {
      carried = 0;
      yield buffer.subarray(0, filled);
      continue;
    }
    yield buffer.subarray(0, lastNewline + 1);
    carried = filled - (lastNewline + 1);
    buffer.copyWithin(0, lastNewline + 1, filled);
  }
}

// Node 18.14 and later validate UTF-8 natively, several times faster than a fatal TextDecoder.
const isUtf8: ((bytes: Uint8Array) => boolean) | undefined = (nodeBuffer as { isUtf8?: (bytes: Uint8Array) => boolean }).isUtf8;

/** Decodes a stream's chunks: whole-line chunks directly, anything else through a streaming decoder. */
class ChunkDecoder {
  // The byte order mark is dropped by hand, at the start of the text only.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Whether the streaming decoder holds no partial character (the last bytes it saw ended a line). */
  private clean = true;

  /** @param atStart whether the text starts the stream (where a byte order mark is dropped) */
  constructor(private atStart = true) {}

  /** The text of `bytes`; throws TypeError on invalid UTF-8 (as TextDecoder does). */
  public decode(bytes: Uint8Array): string {
    let text: string;
    if (this.clean && isUtf8 && bytes.length > 0 && bytes[bytes.length - 1] === 0x0a) {
      if (!isUtf8(bytes)) throw new TypeError('invalid UTF-8');
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
    } else {
      text = this.decoder.decode(bytes, { stream: true });
      this.clean = bytes.length > 0 ? bytes[bytes.length - 1] === 0x0a : this.clean;
    }
    return this.dropByteOrderMark(text);
  }

  /** The end of the stream: what the decoder still holds (throws on a character cut off). */
  public end(): string {
    return this.dropByteOrderMark(this.decoder.decode());
  }

  private dropByteOrderMark(text: string): string {
    if (!this.atStart || text.length === 0) return text;
    this.atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

async function readChunks(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, source: string, sink: DocumentSink,
  maxDocumentChars: number): Promise<void> {
  const splitter = new DocumentSplitter(source, sink, maxDocumentChars);
  const decoder = new ChunkDecoder();
  const stop = (message: string) => {
    const line = splitter.currentLine;
    splitter.abandon();
    sink.problem({ source, line, message });
  };
  try {
    for await (const chunk of chunks) {
      const bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      const nul = bytes.indexOf(0);
      if (nul >= 0) {
        pushValidLines(decoder, bytes, nul, splitter);
        stop('binary data (a NUL byte): not a YAML or JSON text file (UTF-16 is not supported); the rest of it was not read');
        return;
      }
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        // Check the lines before the bad byte, and report the line it is on.
        pushValidLines(new ChunkDecoder(false), bytes, bytes.length, splitter);
        stop('not valid UTF-8 text; the rest of it was not read');
        return;
      }
      splitter.push(text);
      // Back to the event loop between chunks: V8 runs parts of its garbage collection as tasks
      // there, and a check that never returned to it (synchronous reads) peaked higher.
      await new Promise(setImmediate);
    }
    try {
      splitter.push(decoder.end());
    } catch {
      stop('not valid UTF-8 text (a character cut off at the end); the rest of it was not read');
      return;
    }
    splitter.end();
  } catch (error) {
    splitter.abandon();
    sink.problem({ source, line: splitter.currentLine, message: `cannot read: ${describeError(error)}` });
  }
}

/**
 * Feeds the splitter the complete lines of `bytes` before `end` that are valid UTF-8, stopping at
 * the first that is not: documents before a bad byte are still checked, and the splitter's line
 * is then the bad byte's line.
 */
function pushValidLines(decoder: ChunkDecoder, bytes: Uint8Array, end: number, splitter: DocumentSplitter): void {
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline < 0 || newline >= end) return;
    try {
      splitter.push(decoder.decode(bytes.subarray(start, newline + 1)));
    } catch {
      return;
    }
    start = newline + 1;
  }
}

/** One file to read: where it is, and how to name it in output. */
export interface InputFile {
  /** Path to open (relative to the working directory), or `-` for stdin. */
  readonly path: string;
  /** Name in output: the path as given, or joined under the directory given; `<stdin>` for stdin. */
  readonly displayName: string;
  /** Whether the file was found by walking a directory (rather than named, or stdin). */
  readonly inDirectory?: boolean;
}

/**
 * Expands paths into files: `-` is stdin; a directory is walked recursively for
 * `MANIFEST_EXTENSIONS` files, entries sorted by name (byte order), hidden entries (`.git`,
 * `.github`, ...) skipped, symbolic links followed once (cycles are not re-entered). Paths that do
 * not exist or cannot be listed become problems.
 */
export async function expandPaths(paths: readonly string[], cwd: string, onProblem: (problem: InputProblem) => void): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string, display: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(path.resolve(cwd, dir));
    } catch (error) {
      onProblem({ source: display, message: `cannot read directory: ${describeError(error)}` });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: string[];
    try {
      entries = (await fs.readdir(path.resolve(cwd, dir))).sort(byCodeUnits);
    } catch (error) {
      onProblem({ source: display, message: `cannot read directory: ${describeError(error)}` });
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const child = path.join(dir, entry);
      const childDisplay = path.join(display, entry);
      let stat;
      try {
        stat = await fs.stat(path.resolve(cwd, child));
      } catch (error) {
        onProblem({ source: childDisplay, message: `cannot read: ${describeError(error)}` });
        continue;
      }
      if (stat.isDirectory()) {
        await walk(child, childDisplay);
      } else if (stat.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry).toLowerCase())) {
        files.push({ path: child, displayName: childDisplay, inDirectory: true });
      }
    }
  };
  for (const given of paths) {
    if (given === '-') {
      files.push({ path: '-', displayName: STDIN_NAME });
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(path.resolve(cwd, given));
    } catch (error) {
      onProblem({ source: given, message: `cannot read: ${describeError(error)}` });
      continue;
    }
    if (stat.isDirectory()) await walk(given, given);
    else files.push({ path: given, displayName: given });
  }
  return files;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A system error as a short sentence: `no such file or directory`, `permission denied`, ... */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return e?.message ? String(e.message) : String(error);
  }
}
