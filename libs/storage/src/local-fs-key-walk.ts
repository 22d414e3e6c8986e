import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { firstRefusedOnTheWay, refusalOf } from './local-fs-links';
import { compareObjectKeys } from './object-key';
import type { RefusedEntry } from './object-store';

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
  const start = folderOf(prefix);
  // Entries met on the way down are never links (Dirent types do not follow them), but the
  // folder the walk starts in is opened by path: a link there would be followed.
  if (await firstRefusedOnTheWay(root, start)) return;
  yield* walkFolder(root, start, prefix, after);
}

/**
 * The entries under `prefix` that the walk above leaves out because they are symbolic links
 * (files or folders, never followed) or not regular files, with why; a linked folder is one
 * entry, its contents unread.
 */
export async function* walkRefusedEntries(root: string, prefix: string): AsyncGenerator<RefusedEntry> {
  const start = folderOf(prefix);
  const onTheWay = await firstRefusedOnTheWay(root, start);
  if (onTheWay) {
    if (`${onTheWay.key}/`.startsWith(prefix) || prefix.startsWith(`${onTheWay.key}/`)) yield onTheWay;
    return;
  }
  yield* refusedIn(root, start, prefix);
}

function folderOf(prefix: string): string {
  const lastSlash = prefix.lastIndexOf('/');
  return lastSlash < 0 ? '' : prefix.slice(0, lastSlash);
}

async function* refusedIn(root: string, folder: string, prefix: string): AsyncGenerator<RefusedEntry> {
  const entries = (await readFolder(join(root, folder)))
    .filter((entry) => folder !== '' || !LOCAL_FS_RESERVED_DIRS.includes(entry.name))
    .sort((a, b) => compareObjectKeys(a.name, b.name));
  for (const entry of entries) {
    const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
    const reason = refusalOf(entry);
    if (reason) {
      if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield { key, reason };
    } else if (entry.isDirectory() && (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`))) {
      yield* refusedIn(root, key, prefix);
    }
  }
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
