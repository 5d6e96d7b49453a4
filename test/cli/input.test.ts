// Streaming input: splitting on document markers with line numbers, bad bytes, directories.
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { tempDir } from './support/cli';
import { DocumentSplitter, expandPaths, hasContent, InputProblem, readFile, readStream, SourceDocument } from '../../src/cli/input';

function collect() {
  const documents: SourceDocument[] = [];
  const problems: InputProblem[] = [];
  return { documents, problems, sink: { document: (d: SourceDocument) => documents.push(d), problem: (p: InputProblem) => problems.push(p) } };
}

/** Splits `text` fed in pieces of `piece` characters. */
function split(text: string, piece = text.length || 1, max?: number) {
  const { documents, problems, sink } = collect();
  const splitter = new DocumentSplitter('s.yaml', sink, max);
  for (let i = 0; i < text.length; i += piece) splitter.push(text.slice(i, i + piece));
  splitter.end();
  return { documents: documents.map(d => ({ index: d.index, startLine: d.startLine, text: d.text })), problems };
}

describe('DocumentSplitter', () => {
  const stream = [
    '# leading comment', // 1
    '---', // 2
    'a: 1', // 3
    '---', // 4
    '# only a comment', // 5
    '---', // 6
    'b: |', // 7
    '  text', // 8
    '  ---', // 9  indented: block scalar content, not a marker
    '  ----', // 10
    '----: x', // 11 not a marker: '---' followed by '-'
    '--- c: 3', // 12 marker with content
    '...', // 13 end of document
    'd: 4', // 14 a bare document after '...'
    '--- |', // 15
    '  top-level literal', // 16
  ].join('\n');

  test.each([1, 3, 7, 1000])('documents and their first lines (fed %i characters at a time)', piece => {
    expect(split(stream, piece)).toEqual({
      problems: [],
      documents: [
        { index: 0, startLine: 2, text: '---\na: 1\n' },
        { index: 1, startLine: 6, text: '---\nb: |\n  text\n  ---\n  ----\n----: x\n' },
        { index: 2, startLine: 12, text: '--- c: 3\n' },
        { index: 3, startLine: 14, text: 'd: 4\n' },
        { index: 4, startLine: 15, text: '--- |\n  top-level literal\n' },
      ],
    });
  });

  test('CRLF line endings, a first document without a marker, no final newline', () => {
    expect(split('a: 1\r\n---\r\nb: 2\r\n--- \r\nc: 3').documents).toEqual([
      { index: 0, startLine: 1, text: 'a: 1\r\n' },
      { index: 1, startLine: 2, text: '---\r\nb: 2\r\n' },
      { index: 2, startLine: 4, text: '--- \r\nc: 3\n' },
    ]);
  });

  test('an empty stream, blank documents and directives have no documents', () => {
    expect(split('').documents).toEqual([]);
    expect(split('\n\n---\n---\n# x\n...\n').documents).toEqual([]);
    expect(split('%YAML 1.2\n---\na: 1\n').documents.map(d => d.text)).toEqual(['---\na: 1\n']);
    expect(hasContent('--- # comment\n')).toBe(false);
    expect(hasContent('--- x\n')).toBe(true);
  });

  test('a document larger than the limit is reported and skipped; the next one is read', () => {
    const big = `big: "${'x'.repeat(500)}"\n`;
    const { documents, problems } = split(`a: 1\n---\n${big}${big}---\nb: 2\n`, 64, 800);
    expect(documents.map(d => d.text)).toEqual(['a: 1\n', '---\nb: 2\n']);
    expect(documents[1]).toMatchObject({ index: 2, startLine: 5 });
    expect(problems).toEqual([{ source: 's.yaml', documentIndex: 1, line: 2, message: expect.stringContaining('document larger than') }]);
  });

  test('a single line longer than the limit is reported too', () => {
    const { documents, problems } = split(`${'y'.repeat(5000)}\n---\nb: 2\n`, 100, 1000);
    expect(documents.map(d => d.text)).toEqual(['---\nb: 2\n']);
    expect(problems).toHaveLength(1);
  });
});

describe('readStream', () => {
  const read = async (chunks: Buffer[]) => {
    const { documents, problems, sink } = collect();
    await readStream(Readable.from(chunks), 'in', sink);
    return { documents: documents.map(d => d.text), problems };
  };

  test('UTF-8 split across chunks, and a byte order mark', async () => {
    const text = Buffer.from('\uFEFFname: "Grüße — 日本"\n---\nb: 2\n');
    const { documents, problems } = await read([text.subarray(0, 9), text.subarray(9, 12), text.subarray(12)]);
    expect(problems).toEqual([]);
    expect(documents).toEqual(['name: "Grüße — 日本"\n', '---\nb: 2\n']);
  });

  test('binary data: reported with its line, documents before it still read', async () => {
    const { documents, problems } = await read([Buffer.from('a: 1\n---\nb: 2\nc: '), Buffer.from([0x00, 0x01, 0x02, 0xff])]);
    expect(documents).toEqual(['a: 1\n']);
    expect(problems).toEqual([{ source: 'in', line: 4, message: expect.stringContaining('binary data') }]);
  });

  test('invalid UTF-8: reported, documents before it still read', async () => {
    const { documents, problems } = await read([Buffer.from('a: 1\n---\n'), Buffer.from([0x62, 0x3a, 0x20, 0xc3, 0x28, 0x0a])]);
    expect(documents).toEqual(['a: 1\n']);
    expect(problems).toEqual([{ source: 'in', line: 3, message: expect.stringContaining('not valid UTF-8') }]);
  });

  test('a UTF-8 character cut off at the end', async () => {
    const { problems } = await read([Buffer.from('a: "\xe6\x97'.split('').map(c => c.charCodeAt(0)))]);
    expect(problems[0].message).toMatch(/not valid UTF-8/);
  });

  test('a stream that fails is reported, not thrown', async () => {
    const { documents, problems, sink } = collect();
    const failing = new Readable({ read() { this.destroy(Object.assign(new Error('boom'), { code: 'EIO' })); } });
    await readStream(failing, 'in', sink);
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ source: 'in', line: 1, message: 'cannot read: boom' }]);
  });
});

describe('readFile and expandPaths', () => {
  const dir = tempDir();
  beforeAll(() => {
    fs.mkdirSync(path.join(dir, 'tree', 'b', 'deeper'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'tree', 'a'));
    fs.mkdirSync(path.join(dir, 'tree', '.git'));
    fs.writeFileSync(path.join(dir, 'tree', 'z.yml'), 'z: 1\n');
    fs.writeFileSync(path.join(dir, 'tree', 'B.json'), '{}\n');
    fs.writeFileSync(path.join(dir, 'tree', 'a', 'one.YAML'), 'a: 1\n');
    fs.writeFileSync(path.join(dir, 'tree', 'b', 'deeper', 'two.yaml'), 'b: 2\n');
    fs.writeFileSync(path.join(dir, 'tree', 'notes.txt'), 'not yaml');
    fs.writeFileSync(path.join(dir, 'tree', '.git', 'config.yaml'), 'hidden: 1\n');
    fs.symlinkSync(path.join(dir, 'tree'), path.join(dir, 'tree', 'b', 'loop'));
  });

  test('directories are walked recursively in name order; hidden entries and other extensions skipped; links not re-entered', async () => {
    const problems: InputProblem[] = [];
    const files = await expandPaths(['tree', 'tree/notes.txt', '-'], dir, p => problems.push(p));
    expect(files.map(f => f.displayName)).toEqual([
      path.join('tree', 'B.json'),
      path.join('tree', 'a', 'one.YAML'),
      path.join('tree', 'b', 'deeper', 'two.yaml'),
      path.join('tree', 'z.yml'),
      'tree/notes.txt', // named explicitly: read whatever its extension
      '<stdin>',
    ]);
    expect(problems).toEqual([]);
  });

  test('a missing path is a problem, the others are still expanded', async () => {
    const problems: InputProblem[] = [];
    const files = await expandPaths(['missing.yaml', 'tree/z.yml'], dir, p => problems.push(p));
    expect(files.map(f => f.displayName)).toEqual(['tree/z.yml']);
    expect(problems).toEqual([{ source: 'missing.yaml', message: 'cannot read: no such file or directory' }]);
  });

  test('readFile: a file that cannot be opened is a problem', async () => {
    const { problems, sink } = collect();
    await readFile(path.join(dir, 'nope.yaml'), 'nope.yaml', sink);
    expect(problems).toEqual([{ source: 'nope.yaml', message: 'cannot read: no such file or directory' }]);
  });

  test('readFile: chunks share one buffer, documents cross chunk boundaries intact', async () => {
    const documents = Array.from({ length: 3000 }, (_, i) => `---\nname: doc-${i}\nvalue: "${'v'.repeat(i % 200)}"\n`);
    fs.writeFileSync(path.join(dir, 'many.yaml'), documents.join(''));
    const { documents: read, problems, sink } = collect();
    await readFile(path.join(dir, 'many.yaml'), 'many.yaml', sink);
    expect(problems).toEqual([]);
    expect(read.map(d => d.text)).toEqual(documents);
    expect(read[2999].startLine).toBe(2999 * 3 + 1);
  });

  /** What readFile gives for `bytes`, and what the splitter gives for the same text in one piece. */
  const readBoth = async (name: string, bytes: Buffer, text: string) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    const { documents, problems, sink } = collect();
    await readFile(path.join(dir, name), name, sink);
    const whole = split(text);
    return {
      read: { documents: documents.map(d => ({ index: d.index, startLine: d.startLine, text: d.text })), problems },
      whole,
    };
  };

  test('readFile: multi-byte characters across 64 KiB reads, and lines longer than a read', async () => {
    // 3-byte and 4-byte characters at every offset modulo 64 KiB; one line of 200,000 characters.
    const documents = Array.from({ length: 400 }, (_, i) => `---
name: "日本-${i}-${'é'.repeat(i % 7)}"
emoji: "${'😀'.repeat(i % 5)}"
note: ${'x'.repeat(i * 3)}
`);
    const text = `${documents.slice(0, 200).join('')}---
long: "${'語'.repeat(200_000)}"
${documents.slice(200).join('')}`;
    const { read, whole } = await readBoth('wide.yaml', Buffer.from(text, 'utf8'), text);
    expect(read.problems).toEqual([]);
    expect(read.documents).toHaveLength(401);
    expect(read.documents).toEqual(whole.documents);
  });

  test('readFile: a byte order mark is dropped at the start only; U+FEFF later is text', async () => {
    const text = '---\na: "\uFEFF"\n\uFEFF: x\n';
    const { read } = await readBoth('bom.yaml', Buffer.from(`\uFEFF${text}`, 'utf8'), text);
    expect(read.documents.map(d => d.text)).toEqual([text]);
  });

  test('readFile: invalid UTF-8 after the first read is reported on its line; documents before it are checked', async () => {
    const good = Array.from({ length: 5000 }, (_, i) => `---\nname: doc-${i}\n`).join(''); // 10,000 lines, over 64 KiB
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from('---\nbad: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n---\nlater: 1\n')]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), bytes);
    const { documents, problems, sink } = collect();
    await readFile(path.join(dir, 'bad.yaml'), 'bad.yaml', sink);
    expect(documents).toHaveLength(5000);
    expect(problems).toEqual([{ source: 'bad.yaml', line: 10002, message: expect.stringContaining('not valid UTF-8') }]);
  });
});
