import { constants, copyFile, link, lstat, readFile, rename, rm, rmdir, stat, unlink, open, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  errorCode,
  isMissingFileError,
  newTempPath,
  publishIntoFolder,
  syncFile,
  syncFolder,
  writeDurableTempFile,
} from './durable-file-writes';
import { listAllPages } from './list-all-pages';
import { resolveMaxKeys } from './list-options';
import { LOCAL_FS_RESERVED_DIRS, walkKeysInOrder, walkRefusedEntries } from './local-fs-key-walk';
import { firstRefusedOnTheWay } from './local-fs-links';
import { bodyToStream } from './object-body';
import { assertValidListPrefix, assertValidObjectKey } from './object-key';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, RefusedEntry } from './object-store';
import { sameVersion } from './object-version';
import { InvalidObjectKey, ObjectKeyConflict, ObjectNotFound, ObjectPathRefused } from './storage-errors';

/**
 * Objects as files under one folder: key `a/b.parquet` is `<root>/a/b.parquet`.
 * Writes go through `<root>/.tmp` (same filesystem) and are published by rename, so readers
 * never see partial objects. Metadata lives in a mirror tree `<root>/.meta/<key>` (JSON).
 * The root is created on first write. Symbolic links under the root (to files or folders) are
 * never followed: a key whose path meets one is refused (`ObjectPathRefused`), and `list` leaves
 * such entries out (`listRefused` names them), so nothing outside the root is read, written or
 * deleted through a link someone put in the folder.
 */
export class LocalFsObjectStore implements ObjectStore {
  readonly location: string;
  private readonly root: string;
  private readonly tempDir: string;
  private readonly metaDir: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
    this.tempDir = join(this.root, '.tmp');
    this.metaDir = join(this.root, '.meta');
    this.location = pathToFileURL(this.root).href;
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
    const path = await this.safePath(key);
    const temp = await writeDurableTempFile(this.tempDir, bodyToStream(body));
    try {
      // Metadata first: a reader may briefly see new metadata with the old body, never the reverse.
      await this.writeMetadata(key, options?.metadata);
      await this.publish(key, path, () => rename(temp, path));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dirname(path));
    return this.statObject(key, options?.metadata);
  }

  async putIfAbsent(key: string, body: ObjectBody, options?: PutOptions): Promise<boolean> {
    const path = await this.safePath(key);
    const temp = await writeDurableTempFile(this.tempDir, bodyToStream(body));
    try {
      // link(2) fails with EEXIST atomically, across processes: exactly one writer wins.
      await this.publish(key, path, () => link(temp, path));
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      if ((await lstat(path)).isDirectory()) throw new ObjectKeyConflict(key, this.location);
      return false;
    } finally {
      await rm(temp, { force: true });
    }
    await syncFolder(dirname(path));
    // Only the winner writes metadata, so it follows the body by a moment.
    await this.writeMetadata(key, options?.metadata);
    return true;
  }

  async get(key: string): Promise<Readable> {
    return (await this.openObject(key)).createReadStream();
  }

  async getBytes(key: string): Promise<Buffer> {
    const handle = await this.openObject(key);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return this.infoAt(key, await this.safePath(key));
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    assertValidListPrefix(prefix);
    const maxKeys = resolveMaxKeys(options);
    const objects: ObjectInfo[] = [];
    let more = false;
    for await (const key of walkKeysInOrder(this.root, prefix, options?.continuationToken)) {
      if (objects.length === maxKeys) {
        more = true;
        break;
      }
      // The walk went through real folders only, so the key's path needs no second check.
      const info = await this.infoAt(key, this.objectPath(key));
      // A concurrent delete may remove a listed file before we stat it.
      if (info) objects.push({ key: info.key, size: info.size, lastModified: info.lastModified });
    }
    return more ? { objects, nextToken: objects[objects.length - 1].key } : { objects };
  }

  listAll(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidListPrefix(prefix);
    return listAllPages(this, prefix);
  }

  listRefused(prefix: string): AsyncIterable<RefusedEntry> {
    assertValidListPrefix(prefix);
    return walkRefusedEntries(this.root, prefix);
  }

  async delete(key: string): Promise<void> {
    const path = await this.safePath(key);
    await unlinkIfPresent(path);
    await unlinkIfPresent(this.metadataPath(key));
    await pruneEmptyFolders(dirname(path), this.root);
    await pruneEmptyFolders(dirname(this.metadataPath(key)), this.metaDir);
  }

  async deleteIfUnchanged(key: string, read: ObjectInfo): Promise<boolean> {
    const now = await this.head(key);
    if (!now) return true;
    // One machine: the check and the unlink are moments apart; S3 makes them one request.
    if (!sameVersion(now, read)) return false;
    await this.delete(key);
    return true;
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const from = await this.safePath(fromKey);
    const to = await this.safePath(toKey);
    // Copy into a temp file, then rename: the target appears complete or not at all.
    const temp = await newTempPath(this.tempDir);
    try {
      try {
        await copyFile(from, temp);
      } catch (error) {
        throw this.notFoundOr(error, fromKey);
      }
      await syncFile(temp);
      await this.writeMetadata(toKey, await this.readMetadata(fromKey));
      await this.publish(toKey, to, () => rename(temp, to));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dirname(to));
  }

  private objectPath(key: string): string {
    assertValidObjectKey(key);
    if (LOCAL_FS_RESERVED_DIRS.includes(key.split('/')[0])) {
      throw new InvalidObjectKey(key, `"${key.split('/')[0]}/" is reserved by the local store`);
    }
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) {
      throw new InvalidObjectKey(key, `resolves outside the store root ${this.root}`);
    }
    return path;
  }

  private async infoAt(key: string, path: string): Promise<ObjectInfo | undefined> {
    try {
      const stats = await lstat(path);
      if (!stats.isFile()) return undefined;
      const metadata = await this.readMetadata(key);
      return { key, size: stats.size, lastModified: new Date(stats.mtimeMs), ...(metadata ? { metadata } : {}) };
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
  }

  /** Opens an object's file for reading; a folder is not an object. */
  private async openObject(key: string): Promise<FileHandle> {
    const path = await this.safePath(key);
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: a link put in place since the check is refused, not followed.
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (errorCode(error) === 'ELOOP')
        throw new ObjectPathRefused(key, this.location, `${key} is a symbolic link, which the store never follows`);
      throw this.notFoundOr(error, key);
    }
    // open(2) succeeds on folders; a folder is not an object.
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new ObjectNotFound(key, this.location);
    }
    return handle;
  }

  /** The object's path, refused when a folder on the way or the object itself is a link (or not a file or folder). */
  private async safePath(key: string): Promise<string> {
    const path = this.objectPath(key);
    const refused = await firstRefusedOnTheWay(this.root, key);
    if (refused) throw new ObjectPathRefused(key, this.location, `${refused.key} is ${refused.reason}`);
    return path;
  }

  private metadataPath(key: string): string {
    return join(this.metaDir, key);
  }

  private async publish(key: string, path: string, action: () => Promise<void>): Promise<void> {
    try {
      await publishIntoFolder(path, action);
    } catch (error) {
      // A file where a folder is needed (ENOTDIR, or EEXIST from mkdir), or a folder where the
      // object goes (EISDIR). EEXIST from link(2) itself is the caller's to interpret.
      const code = errorCode(error);
      const fileBlocksFolder = code === 'EEXIST' && (await isFile(dirname(path)));
      if (code === 'ENOTDIR' || code === 'EISDIR' || fileBlocksFolder) throw new ObjectKeyConflict(key, this.location);
      throw error;
    }
  }

  private async readMetadata(key: string): Promise<Record<string, string> | undefined> {
    try {
      return JSON.parse(await readFile(this.metadataPath(key), 'utf8')) as Record<string, string>;
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
  }

  private async writeMetadata(key: string, metadata: Record<string, string> | undefined): Promise<void> {
    const path = this.metadataPath(key);
    if (metadata === undefined || Object.keys(metadata).length === 0) {
      await unlinkIfPresent(path);
      return;
    }
    const temp = await writeDurableTempFile(this.tempDir, bodyToStream(JSON.stringify(metadata)));
    try {
      await this.publish(key, path, () => rename(temp, path));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async statObject(key: string, metadata: Record<string, string> | undefined): Promise<ObjectInfo> {
    const stats = await stat(this.objectPath(key));
    return { key, size: stats.size, lastModified: new Date(stats.mtimeMs), ...(metadata ? { metadata } : {}) };
  }

  private notFoundOr(error: unknown, key: string): unknown {
    return isMissingFileError(error) ? new ObjectNotFound(key, this.location) : error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    // EISDIR/EPERM: a folder at that path is not an object, so there is nothing to delete.
    if (!isMissingFileError(error) && errorCode(error) !== 'EPERM') throw error;
  }
}

/** Removes folders emptied by a delete, up to (not including) `stopAt`, like S3's implied folders. */
async function pruneEmptyFolders(folder: string, stopAt: string): Promise<void> {
  for (let current = folder; current.startsWith(stopAt + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch (error) {
      if (['ENOTEMPTY', 'EEXIST', 'ENOENT', 'EBUSY'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
  }
}
