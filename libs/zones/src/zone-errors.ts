/** A whole file refused: it stays in landing and no zone is touched. Exit code 1. */
export class DatasetRejected extends Error {
  readonly code = 'DATASET_REJECTED';
  constructor(
    readonly dataset: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file} was rejected for dataset ${dataset}: ${problem}`);
    this.name = 'DatasetRejected';
  }
}

/** The input file named on the command line cannot be read. Exit code 1. */
export class InputFileUnreadable extends Error {
  readonly code = 'INPUT_FILE_UNREADABLE';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Cannot read ${file}: ${problem}`);
    this.name = 'InputFileUnreadable';
  }
}

/** Another worker holds the commit lease and it did not free up in time. */
export class LeaseUnavailable extends Error {
  readonly code = 'LEASE_UNAVAILABLE';
  constructor(
    readonly lease: string,
    readonly holder: string,
  ) {
    super(`The ${lease} lease is held by ${holder}; try again when it finishes`);
    this.name = 'LeaseUnavailable';
  }
}

/** The lease was lost (expired and taken over) before this worker could commit. */
export class LeaseLost extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly lease: string) {
    super(`The ${lease} lease was taken over by another worker before this batch committed; nothing was committed`);
    this.name = 'LeaseLost';
  }
}

/** `keys init` where the lake already holds data sealed or tokenized under keys that are gone. Exit code 2. */
export class LakeHoldsData extends Error {
  readonly code = 'LAKE_NOT_EMPTY';
  constructor(
    readonly keysDir: string,
    readonly found: string,
    restore = 'restore the keyring from its backup with `acad keys restore <backup-dir>`',
  ) {
    super(
      `Refusing to create new keys in ${keysDir}: the lake already holds data (${found}) sealed or tokenized under the old ones. ` +
        `New keys would leave it unreadable and give students new tokens; ${restore}.`,
    );
    this.name = 'LakeHoldsData';
  }
}

/**
 * A committed file is not what its commit wrote: changed, truncated, swapped with another
 * object, or sealed under another identity. Nothing of it is used. Exit code 1.
 */
export class TamperedObject extends Error {
  readonly code = 'OBJECT_TAMPERED';
  constructor(
    readonly zone: string,
    readonly key: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${zone}/${key} was tampered with or swapped: ${detail}. Nothing of it was used; run \`acad verify\` to check the whole lake.`,
      options,
    );
    this.name = 'TamperedObject';
  }
}

/** `acad curated rebuild` named a product no curated model defines. Exit code 2. */
export class UnknownCuratedProduct extends Error {
  readonly code = 'UNKNOWN_PRODUCT';
  constructor(readonly products: readonly string[]) {
    super(`No curated product is named ${products.join(', ')}`);
    this.name = 'UnknownCuratedProduct';
  }
}
