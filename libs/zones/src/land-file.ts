import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { getContract } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import { InputFileUnreadable } from './zone-errors';

/** Landing key of a delivered file: `<dataset>/<file name>`. */
export function landingKey(dataset: string, fileName: string): string {
  return `${dataset}/${basename(fileName)}`;
}

/**
 * Copies a delivered file into the landing zone as it is. Throws InputFileUnreadable naming
 * the file when it is missing, not a file, or unreadable; UnknownDataset for a bad dataset.
 */
export async function landFile(landing: ObjectStore, dataset: string, path: string): Promise<string> {
  getContract(dataset);
  await assertReadableFile(path);
  const key = landingKey(dataset, path);
  await landing.put(key, createReadStream(path));
  return key;
}

/** Throws InputFileUnreadable naming the file when it is missing, not a file, or unreadable. */
export async function assertReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileUnreadable(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code));
  }
  if (!info.isFile()) throw new InputFileUnreadable(path, 'not a regular file');
}

/** Landing files waiting to run, oldest key order, optionally for one dataset. */
export async function pendingLandingFiles(landing: ObjectStore, dataset?: string): Promise<Array<{ dataset: string; key: string }>> {
  const pending: Array<{ dataset: string; key: string }> = [];
  for await (const info of landing.listAll(dataset ? `${dataset}/` : '')) {
    const [name, ...rest] = info.key.split('/');
    if (rest.length !== 1 || name.startsWith('_') || name.startsWith('.')) continue;
    pending.push({ dataset: name, key: info.key });
  }
  return pending;
}
