/** A read, head-with-body or copy named a key that has no object. */
export class ObjectNotFound extends Error {
  readonly code = 'OBJECT_NOT_FOUND';

  constructor(
    readonly key: string,
    readonly location: string,
  ) {
    super(`No object with key "${key}" in ${location}`);
    this.name = 'ObjectNotFound';
  }
}

/** A key (or list prefix) that is empty, absolute, malformed or would leave the store's root. */
export class InvalidObjectKey extends Error {
  readonly code = 'INVALID_OBJECT_KEY';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidObjectKey';
  }
}

/**
 * A filesystem store cannot hold both `a` and `a/b` (a file cannot also be a folder),
 * which S3 allows. Raised instead of a bare ENOTDIR/EISDIR.
 */
export class ObjectKeyConflict extends Error {
  readonly code = 'OBJECT_KEY_CONFLICT';

  constructor(
    readonly key: string,
    readonly location: string,
  ) {
    super(`Key "${key}" clashes with an object or folder of the same name in ${location}`);
    this.name = 'ObjectKeyConflict';
  }
}

/**
 * A local key whose path goes through a symbolic link (a folder on the way, or the object itself)
 * or is not a regular file: the store never follows links, so nothing outside its folder is read,
 * written or deleted through it.
 */
export class ObjectPathRefused extends Error {
  readonly code = 'OBJECT_PATH_REFUSED';

  constructor(
    readonly key: string,
    readonly location: string,
    readonly reason: string,
  ) {
    super(`Refused "${key}" in ${location}: ${reason}`);
    this.name = 'ObjectPathRefused';
  }
}
