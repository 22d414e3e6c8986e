import type { Dirent, Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissingFileError } from './durable-file-writes';

// A local store serves regular files in real folders under its root, and nothing else: a symbolic
// link (to a file or a folder) could lead anywhere on the machine, so it is never followed, and a
// FIFO, socket or device is not an object.

/** Why the store refuses an entry of this type, or undefined for a regular file or a folder. */
export function refusalOf(entry: Dirent | Stats): string | undefined {
  if (entry.isSymbolicLink()) return 'a symbolic link, which the store never follows';
  if (entry.isFile() || entry.isDirectory()) return undefined;
  return 'not a regular file (a FIFO, socket or device)';
}

/**
 * The first of the folders on the way to `relative` (a `/`-separated path under `root`, the last
 * segment included) that is a link or not a folder, with why; undefined when every existing one is
 * a real folder. A missing segment ends the walk: nothing beyond it exists.
 */
export async function firstRefusedOnTheWay(
  root: string,
  relative: string,
  { includeLast = true } = {},
): Promise<{ key: string; reason: string } | undefined> {
  const segments = relative === '' ? [] : relative.split('/');
  const checked = includeLast ? segments.length : segments.length - 1;
  for (let i = 1; i <= checked; i++) {
    const key = segments.slice(0, i).join('/');
    let info: Stats;
    try {
      info = await lstat(join(root, key));
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
    const reason = refusalOf(info);
    if (reason) return { key, reason };
    if (i < segments.length && !info.isDirectory()) return undefined;
  }
  return undefined;
}
