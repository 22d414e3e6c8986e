import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { getContract } from '@acad/schemas';
import { ObjectPathRefused, type ObjectInfo, type ObjectStore } from '@acad/storage';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { inLanes } from './in-lanes';
import type { ZoneContext } from './zone-context';
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

/** A file `landFiles` landed under `key`, or left out because the store refused the key (a link in landing). */
export type LandedFile = { path: string; key: string; refused?: undefined } | { path: string; key: string; refused: ObjectPathRefused };

/** Files landed at once by `landFiles`: each write waits mostly on the disk (its fsyncs). */
export const LANDING_LANES = 4;

/**
 * Lands files as `landFile` does, a few at once, and returns them in the order given. Files
 * landing under the same key land one after another in that order, so the last one is what
 * landing holds, as when they land one by one. A key the store refuses (ObjectPathRefused) is
 * reported for its file and the others land; any other failure is raised.
 */
export async function landFiles(landing: ObjectStore, dataset: string, paths: readonly string[]): Promise<LandedFile[]> {
  getContract(dataset);
  const landed: LandedFile[] = paths.map((path) => ({ path, key: landingKey(dataset, path) }));
  const byKey = new Map<string, LandedFile[]>();
  for (const file of landed) byKey.set(file.key, [...(byKey.get(file.key) ?? []), file]);
  await inLanes([...byKey.values()], LANDING_LANES, async (sameKey) => {
    for (const file of sameKey) {
      try {
        await landFile(landing, dataset, file.path);
      } catch (error) {
        if (!(error instanceof ObjectPathRefused)) throw error;
        Object.assign(file, { refused: error });
      }
    }
  });
  return landed;
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

/**
 * Removes a landing file whose content is committed (now, or by an earlier batch), only while it
 * is still the version that was read: a file replaced since, a new delivery under the same name,
 * stays in landing to run as a batch of its own, and the log says so.
 */
export async function removeLandingFile(
  ctx: Pick<ZoneContext, 'stores' | 'logger' | 'runId'>,
  dataset: string,
  key: string,
  read: ObjectInfo | undefined,
): Promise<void> {
  if (read && (await ctx.stores.landing.deleteIfUnchanged(key, read))) return;
  ctx.logger.warn(
    { dataset, file: key, runId: ctx.runId },
    `${basename(key)} changed in landing while its batch ran: the new version stays in landing to run as its own batch`,
  );
}

/** A file waiting in landing. */
export interface LandingFile {
  dataset: string;
  key: string;
  size: number;
  lastModified: Date;
}

// What copy and transfer tools write before the file is whole: rsync's `.name.XXXXXX`, editors'
// `name~`, browsers' and SFTP clients' partial downloads.
const IN_TRANSFER = /^\.|~$|\.(tmp|temp|part|partial|crdownload|filepart|download)$/i;

/** True for a landing file name that a copy still in progress leaves: never run. */
export function isTransferName(fileName: string): boolean {
  return IN_TRANSFER.test(fileName);
}

/**
 * Landing files waiting to run, oldest key order, optionally for one dataset. Names that copy
 * tools use for a file still being written (`isTransferName`) are left for the tool to rename.
 */
export async function pendingLandingFiles(landing: ObjectStore, dataset?: string): Promise<LandingFile[]> {
  const pending: LandingFile[] = [];
  for await (const info of landing.listAll(dataset ? `${dataset}/` : '')) {
    const [name, ...rest] = info.key.split('/');
    if (rest.length !== 1 || name.startsWith('_') || name.startsWith('.') || isTransferName(rest[0])) continue;
    pending.push({ dataset: name, key: info.key, size: info.size, lastModified: info.lastModified });
  }
  return pending;
}

/** An entry in landing that is never read: a symbolic link (file or folder), or a key that could name a path outside landing. */
export interface RefusedLandingEntry {
  dataset: string;
  key: string;
  /** Why, naming the entry: e.g. `landing/attendance is a symbolic link, which the store never follows`. */
  why: string;
}

/**
 * What landing holds that the store refuses to read (`ObjectStore.listRefused`), optionally for
 * one dataset: such entries are left where they are and reported, never followed or deleted.
 */
export async function refusedLandingEntries(landing: ObjectStore, dataset?: string): Promise<RefusedLandingEntry[]> {
  const refused: RefusedLandingEntry[] = [];
  for await (const entry of landing.listRefused(dataset ? `${dataset}/` : '')) {
    refused.push({ dataset: entry.key.split('/')[0], key: entry.key, why: `landing/${entry.key} is ${entry.reason}` });
  }
  return refused;
}

/** The summary of a refused landing entry: rejected, nothing read, the entry left in place. */
export function refusedSummary(entry: RefusedLandingEntry): BatchSummary {
  const file = entry.key.split('/').slice(1).join('/');
  return {
    dataset: entry.dataset,
    batchId: '',
    file,
    status: 'rejected',
    rows: emptyRows(),
    quality: emptyQuality(),
    durationMs: 0,
    problem: `${entry.why}: landing never leaves the lake, so nothing was read through it, and it was left in place`,
  };
}
