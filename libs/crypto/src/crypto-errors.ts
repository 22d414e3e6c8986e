/**
 * Errors raised by @acad/crypto. None of them ever carries plaintext: messages name files,
 * key ids, context keys and byte positions only (encryption contexts hold no PII by contract).
 */

/** Where in an encrypted object or value the check failed. */
export type DecryptionFailureReason = 'header' | 'key-unwrap' | 'frame' | 'truncated' | 'trailing-data' | 'field';

/** Authentication failed: the data was tampered with, or the key or encryption context is wrong. */
export class DecryptionFailed extends Error {
  readonly code = 'DECRYPTION_FAILED';

  constructor(
    readonly reason: DecryptionFailureReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Decryption failed (${reason}): the object was tampered with, or the key or encryption context is wrong. ${detail}`, options);
    this.name = 'DecryptionFailed';
  }
}

/** The object's authenticated encryption context is not the one the reader expected. */
export class EncryptionContextMismatch extends Error {
  readonly code = 'ENCRYPTION_CONTEXT_MISMATCH';

  constructor(
    readonly expected: Readonly<Record<string, string>>,
    readonly actual: Readonly<Record<string, string>>,
  ) {
    // Contexts hold no PII (see encryption-context.ts), so naming them helps the operator.
    super(`Encryption context mismatch: expected ${JSON.stringify(expected)} but the object was encrypted under ${JSON.stringify(actual)}`);
    this.name = 'EncryptionContextMismatch';
  }
}

/** An encryption context uses characters or sizes that are not allowed. */
export class InvalidEncryptionContext extends Error {
  readonly code = 'ENCRYPTION_CONTEXT_INVALID';

  constructor(detail: string) {
    super(`Invalid encryption context: ${detail}`);
    this.name = 'InvalidEncryptionContext';
  }
}

/** A key file or the key folder is readable or writable by group or others. */
export class InsecureKeyFile extends Error {
  readonly code = 'KEY_FILE_PERMISSIONS';

  constructor(
    readonly path: string,
    readonly mode: number,
    readonly required: string,
  ) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    super(`Refusing to use ${path}: its mode is ${octal} but it must be ${required} (run: chmod ${required} ${path})`);
    this.name = 'InsecureKeyFile';
  }
}

/**
 * What to do about a lost or damaged key: keys are never re-created over existing data (that
 * would leave the data unreadable and give re-ingested students new tokens).
 */
export const KEY_RESTORE_HINT =
  'restore the keyring from its backup with `acad keys restore <backup-dir>`; a new keyring is made only by `acad keys init` on an empty lake';

/** A key file is missing where the keyring needs it, unreadable, or of the wrong size. */
export class InvalidKeyFile extends Error {
  readonly code = 'KEY_FILE_INVALID';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Key file ${path} cannot be used: ${detail}. To fix it, ${KEY_RESTORE_HINT}.`);
    this.name = 'InvalidKeyFile';
  }
}

/** There is no keyring where one is needed (the folder, or every key in it, is gone). */
export class KeyringNotFound extends Error {
  readonly code = 'KEYRING_NOT_FOUND';

  constructor(readonly keysDir: string) {
    super(
      `No keyring at ${keysDir} (master-v1.key and tokenization.key are not there). Keys are never created implicitly: ` +
        `if this lake holds data, ${KEY_RESTORE_HINT}.`,
    );
    this.name = 'KeyringNotFound';
  }
}

/**
 * With ACAD_KMS=aws the lake holds its field and tokenization keys wrapped by KMS; these are not
 * there. Made only by `acad keys init` on an empty lake, never implicitly.
 */
export class DataKeysNotFound extends Error {
  readonly code = 'DATA_KEYS_NOT_FOUND';

  constructor(
    readonly location: string,
    readonly purposes: readonly string[],
  ) {
    super(
      `The lake holds no KMS-wrapped data key for ${purposes.join(', ')} at ${location}. Keys are never created implicitly: ` +
        "run `acad keys init` with ACAD_KMS=aws on the empty lake; if the lake holds data, restore the platform zone's _keys/ objects from its backup or versions.",
    );
    this.name = 'DataKeysNotFound';
  }
}

/** A stored KMS-wrapped data key (ACAD_KMS=aws) is not one: damaged or written by something else. */
export class InvalidLakeDataKey extends Error {
  readonly code = 'DATA_KEY_INVALID';

  constructor(readonly location: string) {
    super(
      `The stored data key ${location} is not a KMS-wrapped data key ({"format":1,"purpose","version","keyId","wrapped"}). ` +
        "Restore it from the bucket's object versions or backup; a new one would leave the lake unreadable.",
    );
    this.name = 'InvalidLakeDataKey';
  }
}

/** `acad keys init` was asked for where keys, or data sealed under keys, already exist. */
export class KeyringExists extends Error {
  readonly code = 'KEYRING_EXISTS';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Refusing to create a new keyring: ${detail} (${path}). ${capitalise(KEY_RESTORE_HINT)}.`);
    this.name = 'KeyringExists';
  }
}

/** A keyring backup folder is incomplete, altered or not a backup at all. */
export class InvalidKeyBackup extends Error {
  readonly code = 'KEY_BACKUP_INVALID';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`The keyring backup at ${path} cannot be used: ${detail}`);
    this.name = 'InvalidKeyBackup';
  }
}

/** A restore would overwrite a key that differs from the backup's copy. */
export class KeyRestoreConflict extends Error {
  readonly code = 'KEY_RESTORE_CONFLICT';

  constructor(
    readonly path: string,
    readonly backupPath: string,
  ) {
    super(
      `Refusing to restore ${backupPath} over ${path}: the keyring already holds a different key of that name. ` +
        'Nothing was changed; move the existing keyring aside first if the backup is the right one.',
    );
    this.name = 'KeyRestoreConflict';
  }
}

/** Codes of the errors that mean the keyring is missing, damaged or misconfigured: bad configuration (exit 2). */
export const KEYRING_ERROR_CODES: ReadonlySet<string> = new Set([
  'KEY_FILE_INVALID',
  'KEY_FILE_PERMISSIONS',
  'KEYRING_NOT_FOUND',
  'DATA_KEYS_NOT_FOUND',
  'DATA_KEY_INVALID',
  'KEYRING_EXISTS',
  'KEY_BACKUP_INVALID',
  'KEY_RESTORE_CONFLICT',
]);

/** True for an error of the keyring itself (see KEYRING_ERROR_CODES), which apps report as bad configuration. */
export function isKeyringError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && KEYRING_ERROR_CODES.has(code);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A key id names a key version this provider does not hold. */
export class UnknownKeyVersion extends Error {
  readonly code = 'UNKNOWN_KEY_VERSION';

  constructor(
    readonly keyId: string,
    detail: string,
  ) {
    super(`Unknown key version ${JSON.stringify(keyId)}: ${detail}`);
    this.name = 'UnknownKeyVersion';
  }
}
