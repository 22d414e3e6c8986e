import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareObjectKeys } from './object-key';

/** Folders under a local store's root that hold the store's own files, never objects. */
export const LOCAL_FS_RESERVED_DIRS: readonly string[] = ['.tmp', '.meta'];

/**
 * Yields the keys of regular files under `root` that start with `prefix` and sort after
 * `after`, in S3 key order, without reading folders that cannot contain such keys.
 *
 * Visiting each folder's entries sorted by name (a folder sorting as `name/`) gives global
 * key order: every key inside folder `d` starts with `d/`, and no sibling name can start
 * with `d/`, so the whole folder sorts exactly where `d/` does.
 */
export async function* walkKeysInOrder(root: string, prefix: string, after?: string): AsyncGenerator<string> {
  const lastSlash = prefix.lastIndexOf('/');
  yield* walkFolder(root, lastSlash < 0 ? '' : prefix.slice(0, lastSlash), prefix, after);
}

async function* walkFolder(root: string, folder: string, prefix: string, after: string | undefined): AsyncGenerator<string> {
  const entries = await readFolder(join(root, folder));
  const candidates = entries
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .filter((entry) => folder !== '' || !LOCAL_FS_RESERVED_DIRS.includes(entry.name))
    .map((entry) => {
      const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
      return { key, isFolder: entry.isDirectory(), sortKey: entry.isDirectory() ? `${key}/` : key };
    })
    .sort((a, b) => compareObjectKeys(a.sortKey, b.sortKey));

  for (const { key, isFolder, sortKey } of candidates) {
    if (isFolder) {
      if (!sortKey.startsWith(prefix) && !prefix.startsWith(sortKey)) continue;
      // Every key in the folder is at or before `after`: skip it without reading it.
      if (after !== undefined && compareObjectKeys(sortKey, after) < 0 && !after.startsWith(sortKey)) continue;
      yield* walkFolder(root, key, prefix, after);
    } else if (key.startsWith(prefix) && (after === undefined || compareObjectKeys(key, after) > 0)) {
      yield key;
    }
  }
}

async function readFolder(path: string) {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A prefix naming no folder (or a file) simply has no objects under it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
