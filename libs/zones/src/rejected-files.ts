import { createDecryptStream, type EncryptionContext } from '@acad/crypto';
import type { ObjectInfo } from '@acad/storage';
import { sealedObjectContext, sealFile } from './sealed-objects';
import type { ZoneContext } from './zone-context';
import type { ZoneStores } from './zone';

/**
 * What is kept beside a rejected file: who, when and why, never a value from the file (it may
 * hold PII, so the file itself is sealed like raw).
 */
export interface RejectionRecord {
  /** The file's batch id (its dataset and content): the same bytes rejected twice are one entry. */
  id: string;
  dataset: string;
  file: string;
  /** Where it was in landing, and where it goes back on retry. */
  landingKey: string;
  /** The sealed file in the rejected zone. */
  key: string;
  problem: string;
  rejectedAt: string;
  bytes: number;
  contentSha256: string;
  runId: string;
}

/** No rejected file with that id. Exit code 1. */
export class RejectedFileNotFound extends Error {
  readonly code = 'REJECTED_FILE_NOT_FOUND';
  constructor(readonly id: string) {
    super(`No rejected file with id ${id} (see: acad rejected list)`);
    this.name = 'RejectedFileNotFound';
  }
}

/** A retry would overwrite a file of the same name waiting in landing. Exit code 1. */
export class LandingFileInTheWay extends Error {
  readonly code = 'LANDING_FILE_IN_THE_WAY';
  constructor(readonly landingKey: string) {
    super(`landing already holds ${landingKey}: run or remove it first, then retry`);
    this.name = 'LandingFileInTheWay';
  }
}

const RECORD = 'rejection.json';

/** The zone's layout: `<dataset>/<id>/<file>.enc` and `<dataset>/<id>/rejection.json`. */
function folderOf(dataset: string, id: string): string {
  return `${dataset}/${id}/`;
}

/** Bound to its identity (dataset, the file's content id, its key), like raw objects: a swapped file does not open. */
function contextOf(dataset: string, id: string, key: string): EncryptionContext {
  return sealedObjectContext(dataset, 'rejected', id, key);
}

export interface FileToReject {
  dataset: string;
  landingKey: string;
  fileName: string;
  /** The staged copy of the version that was judged: that is what is kept. */
  stagedPath: string;
  /** That version in landing (a `head` answer): landing keeps the file if it changed since. */
  version: ObjectInfo | undefined;
  batchId: string;
  contentSha256: string;
  problem: string;
}

/**
 * Moves a rejected landing file to the rejected zone, nothing lost: the judged bytes are sealed
 * there (envelope encryption, as raw) with a reason record, and only then is the landing file
 * removed, if it is still that version (a new delivery under the same name stays to run). Named
 * by content, so a crash and a re-run write the same entry again.
 */
export async function moveToRejected(
  ctx: Pick<ZoneContext, 'stores' | 'protection' | 'logger' | 'runId' | 'now'>,
  file: FileToReject,
): Promise<RejectionRecord> {
  const folder = folderOf(file.dataset, file.batchId);
  const key = `${folder}${file.fileName}.enc`;
  await sealFile(
    ctx.stores.rejected,
    'rejected',
    key,
    file.stagedPath,
    ctx.protection.envelopeKeys,
    contextOf(file.dataset, file.batchId, key),
  );
  const record: RejectionRecord = {
    id: file.batchId,
    dataset: file.dataset,
    file: file.fileName,
    landingKey: file.landingKey,
    key,
    problem: file.problem,
    rejectedAt: (ctx.now?.() ?? new Date()).toISOString(),
    bytes: (await ctx.stores.rejected.head(key))?.size ?? 0,
    contentSha256: file.contentSha256,
    runId: ctx.runId,
  };
  await ctx.stores.rejected.put(`${folder}${RECORD}`, JSON.stringify(record, null, 2), { contentType: 'application/json' });
  if (!file.version || !(await ctx.stores.landing.deleteIfUnchanged(file.landingKey, file.version))) {
    ctx.logger.warn(
      { dataset: file.dataset, file: file.landingKey, runId: ctx.runId },
      `${file.fileName} changed in landing while it was judged: the rejected version is kept in the rejected area, the new one stays in landing`,
    );
  }
  return record;
}

/** Every rejected file waiting, oldest first. */
export async function listRejectedFiles(stores: Pick<ZoneStores, 'rejected'>): Promise<RejectionRecord[]> {
  const records: RejectionRecord[] = [];
  for await (const info of stores.rejected.listAll('')) {
    if (info.key.endsWith(`/${RECORD}`))
      records.push(JSON.parse((await stores.rejected.getBytes(info.key)).toString('utf8')) as RejectionRecord);
  }
  return records.sort((a, b) => a.rejectedAt.localeCompare(b.rejectedAt) || a.id.localeCompare(b.id));
}

/** The record of one rejected file; RejectedFileNotFound when there is none. */
export async function findRejectedFile(stores: Pick<ZoneStores, 'rejected'>, id: string): Promise<RejectionRecord> {
  // Ids are batch ids; anything else (a path, a pattern) finds nothing.
  const found = /^b[0-9a-f]{20}$/.test(id) ? (await listRejectedFiles(stores)).find((r) => r.id === id) : undefined;
  if (!found) throw new RejectedFileNotFound(id);
  return found;
}

/**
 * Puts a rejected file back in landing as it was delivered (decrypted), and removes it from the
 * rejected zone; the caller runs it. LandingFileInTheWay when landing holds a file of that name.
 */
export async function restoreRejectedFile(ctx: Pick<ZoneContext, 'stores' | 'protection'>, id: string): Promise<RejectionRecord> {
  const record = await findRejectedFile(ctx.stores, id);
  if (await ctx.stores.landing.head(record.landingKey)) throw new LandingFileInTheWay(record.landingKey);
  const sealed = await ctx.stores.rejected.get(record.key);
  const plain = sealed.pipe(
    createDecryptStream(ctx.protection.envelopeKeys, { expectedContext: contextOf(record.dataset, record.id, record.key) }),
  );
  // A put publishes the whole file or nothing, so a watcher never sees half of it.
  await ctx.stores.landing.put(record.landingKey, plain);
  await discard(ctx.stores, record);
  return record;
}

/** Deletes a rejected file and its record for good. */
export async function discardRejectedFile(stores: Pick<ZoneStores, 'rejected'>, id: string): Promise<RejectionRecord> {
  const record = await findRejectedFile(stores, id);
  await discard(stores, record);
  return record;
}

async function discard(stores: Pick<ZoneStores, 'rejected'>, record: RejectionRecord): Promise<void> {
  // The file first: a record without its file would promise what is gone.
  await stores.rejected.delete(record.key);
  await stores.rejected.delete(`${folderOf(record.dataset, record.id)}${RECORD}`);
}
