// TextArena: texts kept to the end of a check, in memory or spilled to a temporary file.
import { TextArena } from '../../src/cli/arena';

describe('TextArena', () => {
  test.each([
    ['in memory', 64 * 1024 * 1024],
    ['spilled to a temporary file', 0],
  ])('stores and returns texts %s', (_name, limit) => {
    const arena = new TextArena(limit as number);
    const texts = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"s":"${'é'.repeat(i % 700)}"}`);
    texts.push('x'.repeat(3 * 1024 * 1024)); // larger than a block
    texts.push('after the large one');
    const ids = texts.map(t => arena.add(t));
    try {
      // Read back in a shuffled order too: spilled blocks are reused for new ones, and an entry
      // must still come back from the file.
      expect(ids.map(id => arena.get(id))).toEqual(texts);
      const order = ids.map((id, i) => ({ id, key: (i * 7919) % ids.length })).sort((a, b) => a.key - b.key);
      expect(order.map(({ id }) => arena.get(id))).toEqual(order.map(({ id }) => texts[id]));
      if (limit === 0) expect(arena.spilled).toBeGreaterThan(0);
      else expect(arena.spilled).toBe(0);
    } finally {
      arena.close();
    }
  });
});
