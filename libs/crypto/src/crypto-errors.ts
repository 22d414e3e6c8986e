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

/** A key file is missing where the keyring needs it, or has the wrong size. */
export class InvalidKeyFile extends Error {
  readonly code = 'KEY_FILE_INVALID';

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Key file ${path} cannot be used: ${detail}`);
    this.name = 'InvalidKeyFile';
  }
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
