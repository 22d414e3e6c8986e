import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesFromEnd } from './lines-from-end';

async function collect(file: string, chunkBytes?: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of linesFromEnd(file, chunkBytes)) lines.push(line);
  return lines;
}

describe('linesFromEnd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acad-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the lines last first, across chunk borders and multi-byte characters, as split() does', async () => {
    const text = ['{"a":1}', '{"name":"Zoë Ōtsuka ✓"}', '', 'x'.repeat(50), '{"b":2}', ''].join('\n');
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, text);
    const expected = text.split('\n').reverse();
    for (const chunk of [1, 2, 3, 7, 64, 1 << 16]) expect({ chunk, lines: await collect(file, chunk) }).toEqual({ chunk, lines: expected });
  });

  it('has no lines for a missing file, and one empty line for an empty one', async () => {
    expect(await collect(join(dir, 'missing.jsonl'))).toEqual([]);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await collect(empty)).toEqual(['']);
  });

  it('stops reading when the caller stops', async () => {
    const file = join(dir, 'many.jsonl');
    writeFileSync(file, Array.from({ length: 10_000 }, (_, i) => `line ${i}`).join('\n'));
    const newest: string[] = [];
    for await (const line of linesFromEnd(file, 128)) {
      newest.push(line);
      if (newest.length === 3) break;
    }
    expect(newest).toEqual(['line 9999', 'line 9998', 'line 9997']);
  });
});
