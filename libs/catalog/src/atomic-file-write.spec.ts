import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLeftoverTempFiles, writeFileAtomically } from './atomic-file-write';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acad-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates and replaces the file, leaving no temp file behind', async () => {
    const target = join(dir, 'catalog.json');
    await writeFileAtomically(target, 'one');
    await writeFileAtomically(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['catalog.json']);
  });

  it('concurrent writers each leave a whole file: the result is one of them, never a mix', async () => {
    const target = join(dir, 'catalog.json');
    const contents = Array.from({ length: 20 }, (_, i) => String(i).repeat(50_000));
    await Promise.all(contents.map((c) => writeFileAtomically(target, c)));
    expect(contents).toContain(await readFile(target, 'utf8'));
  });

  it('removes temp files a crashed writer left beside the target, and nothing else', async () => {
    const target = join(dir, 'catalog.json');
    await writeFile(target, 'kept');
    await writeFile(join(dir, 'catalog.json.123.abcdef.tmp'), 'half-writ');
    await writeFile(join(dir, 'other.json.1.x.tmp'), 'not ours');
    expect(await removeLeftoverTempFiles(target)).toEqual(['catalog.json.123.abcdef.tmp']);
    expect((await readdir(dir)).sort()).toEqual(['catalog.json', 'other.json.1.x.tmp']);
    expect(await readFile(target, 'utf8')).toBe('kept');
  });
});
