import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Error codes meaning "there is no file at this path". */
export function isMissingFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Streams `source` into a fresh file in `tempDir` and fsyncs it, so a later rename or link
 * publishes complete, durable bytes. On any failure the temp file is removed.
 */
export async function writeDurableTempFile(tempDir: string, source: Readable): Promise<string> {
  const path = await newTempPath(tempDir);
  const handle = await open(path, 'wx', 0o600);
  try {
    // The stream closes the handle when it finishes or fails (keeping it open would make
    // FileHandle.close wait forever), so the fsync happens on a fresh descriptor.
    await pipeline(source, handle.createWriteStream());
    await syncFile(path);
  } catch (error) {
    source.destroy();
    await rm(path, { force: true });
    throw error;
  }
  return path;
}

/** A unique, not yet existing path in `tempDir` (created if needed). */
export async function newTempPath(tempDir: string): Promise<string> {
  await mkdir(tempDir, { recursive: true });
  return join(tempDir, `${process.pid}-${randomUUID()}`);
}

/** Fsyncs a file written by someone else (e.g. `copyFile`) before it is published. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or link inside `folder` durable. Some platforms cannot fsync folders. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Runs `publish` (a rename or link to `target`) after creating `target`'s folder. A
 * concurrent delete may prune that folder in between; ENOENT then means "try again".
 */
export async function publishIntoFolder<T>(target: string, publish: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(target), { recursive: true });
    try {
      return await publish();
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt >= 5) throw error;
    }
  }
}
