import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` with `data` so a reader sees the old or the new content, never a mix:
 * write a temp file beside it, fsync it, rename over the target, fsync the folder.
 */
export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Removes temp files a crashed writer left beside `path`. Call only while holding the lock. */
export async function removeLeftoverTempFiles(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.`;
  const names = (await readdir(dirname(path))).filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  await Promise.all(names.map((n) => rm(join(dirname(path), n), { force: true })));
  return names;
}

/** Makes a rename or create durable; some platforms refuse to open folders, which is harmless. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Folder fsync is unsupported on some filesystems; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
