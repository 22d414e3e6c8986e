import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LocalFsObjectStore } from '@acad/storage';
import { hashFile } from './batch-id';
import { ORPHAN_AGE_MS, PrivateStaging, removeOrphanedStaging } from './private-staging';
import { tempDir } from './zone-fixture.test-support';

/** The id of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

describe('PrivateStaging', () => {
  it('makes a folder only its user can open, named with the process id, and removes it on dispose', async () => {
    const staging = await PrivateStaging.create();
    expect(basename(staging.dir)).toMatch(new RegExp(`^acad-stage-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(statSync(staging.dir).mode & 0o777).toBe(0o700);
    expect(basename(staging.path('attendance/a b.csv'))).toBe('1-attendance_a_b.csv');
    await staging.dispose();
    expect(existsSync(staging.dir)).toBe(false);
  });

  it('stages an object with the SHA-256 of its bytes, as hashing the staged file gives', async () => {
    const home = await tempDir('acad-stage-hash-');
    const staging = await PrivateStaging.create();
    try {
      const store = new LocalFsObjectStore(home.path);
      // Several stream chunks' worth.
      const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `row ${i}\n`).join(''));
      await store.put('attendance/a.csv', bytes);
      const { path, sha256 } = await staging.stageHashed(store, 'attendance/a.csv');
      expect((await readFile(path)).equals(bytes)).toBe(true);
      expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(sha256).toBe(await hashFile(path));
    } finally {
      await staging.dispose();
      await home.remove();
    }
  });
});

describe('removeOrphanedStaging', () => {
  it('removes the folders of dead processes once they are old enough, and nothing else', async () => {
    const parent = await tempDir('acad-orphans-');
    try {
      const old = new Date(Date.now() - ORPHAN_AGE_MS - 60_000);
      const folder = async (name: string, mtime?: Date) => {
        const dir = join(parent.path, name);
        await mkdir(dir);
        await writeFile(join(dir, '1-attendance.parquet'), 'decrypted rows');
        if (mtime) await utimes(dir, mtime, mtime);
        return dir;
      };
      const dead = deadPid();
      const orphan = await folder(`acad-stage-${dead}-aB3dE9`, old);
      const recent = await folder(`acad-stage-${dead}-Zz9yX8`);
      const live = await folder(`acad-stage-${process.pid}-Qw1eR2`, old);
      const unnamed = await folder('acad-stage-Qw1eR2', old);
      const someoneElse = await folder('other-12345-aB3dE9', old);

      expect(await removeOrphanedStaging(parent.path)).toEqual([orphan]);
      expect(existsSync(orphan)).toBe(false);
      for (const kept of [recent, live, unnamed, someoneElse]) expect(existsSync(kept)).toBe(true);

      expect(await removeOrphanedStaging(parent.path, { minAgeMs: 0 })).toEqual([recent]);
    } finally {
      await parent.remove();
    }
  });

  it('finds nothing to do in a folder that does not exist', async () => {
    expect(await removeOrphanedStaging('/nonexistent/acad-tmp')).toEqual([]);
  });
});
