import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogCorrupt } from './catalog-errors';
import { appendJsonLine, readJsonLines } from './json-lines-file';

describe('JSON lines file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acad-jsonl-'));
    file = join(dir, 'batches.jsonl');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads nothing from a missing file and reads back what was appended', async () => {
    expect(await readJsonLines(file)).toEqual([]);
    await appendJsonLine(file, { n: 1 });
    await appendJsonLine(file, { n: 2 });
    expect(await readJsonLines(file)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('ignores a torn last line, and cuts it off before the next append', async () => {
    await appendJsonLine(file, { n: 1 });
    await appendFile(file, '{"n":2,"half');
    expect(await readJsonLines(file)).toEqual([{ n: 1 }]);
    await appendJsonLine(file, { n: 3 });
    expect(await readJsonLines(file)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
  });

  it('cuts a file that holds only a torn line', async () => {
    await writeFile(file, '{"torn":');
    await appendJsonLine(file, { n: 1 });
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n');
  });

  it('reports damage in the middle of the file as CATALOG_CORRUPT with the line number', async () => {
    await writeFile(file, '{"n":1}\nnot json\n{"n":3}\n');
    await expect(readJsonLines(file)).rejects.toThrow(CatalogCorrupt);
    await expect(readJsonLines(file)).rejects.toThrow(/line 2/);
  });
});
