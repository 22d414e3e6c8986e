import type { Readable } from 'node:stream';

/** What a store knows about one object. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  etag?: string;
  metadata?: Record<string, string>;
}

export type ObjectBody = Readable | Uint8Array | string;

/** An entry under a prefix that `list` leaves out because the store will not read it. */
export interface RefusedEntry {
  key: string;
  /** Why, for a person: e.g. a symbolic link, or a key with a `..` segment. */
  reason: string;
}

export interface PutOptions {
  contentType?: string;
  /** Small string metadata kept with the object (never PII). */
  metadata?: Record<string, string>;
}

export interface ListOptions {
  /** Page size; adapters may return fewer. Default 1000. */
  maxKeys?: number;
  /** Token from the previous page's `nextToken`. */
  continuationToken?: string;
}

export interface ListPage {
  objects: ObjectInfo[];
  /** Present when more objects follow. */
  nextToken?: string;
}

/**
 * The storage port: keys are `/`-separated relative paths such as
 * `attendance/batch=abc/part-0.parquet`. Adapters: `LocalFsObjectStore`, `S3ObjectStore`.
 */
export interface ObjectStore {
  /** A human-readable location for messages and the catalog, e.g. `file:///…/raw` or `s3://bucket`. */
  readonly location: string;
  /** Streams the body into the store; readers never see a partly written object. */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo>;
  /** Writes only when no object has the key. Returns false, writing nothing, when one exists. */
  putIfAbsent(key: string, body: ObjectBody, options?: PutOptions): Promise<boolean>;
  /** Streams an object. Throws `ObjectNotFound` when the key does not exist. */
  get(key: string): Promise<Readable>;
  /** Reads a whole (small) object into memory. Throws `ObjectNotFound`. */
  getBytes(key: string): Promise<Buffer>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /** One page of objects whose keys start with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Every object under `prefix`, following pages. */
  listAll(prefix: string): AsyncIterable<ObjectInfo>;
  /**
   * Entries under `prefix` that `list` leaves out because the store refuses to read them: symbolic
   * links and other non-regular files in a local folder, keys with empty, `.` or `..` segments in
   * S3. Callers that watch a drop zone report them instead of passing them over in silence.
   */
  listRefused(prefix: string): AsyncIterable<RefusedEntry>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Deletes the object only while it is the version `read` (a `head` answer) describes: S3 sends
   * If-Match with its ETag, one request; a local folder compares size and time, then removes.
   * False, deleting nothing, when the object changed since; true when deleted or already gone.
   */
  deleteIfUnchanged(key: string, read: ObjectInfo): Promise<boolean>;
  copy(fromKey: string, toKey: string): Promise<void>;
}
