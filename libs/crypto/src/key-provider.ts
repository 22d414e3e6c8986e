import type { EncryptionContext } from './encryption-context';

/** A fresh data key: use `plaintext` once, store only `wrapped` and `keyId`. */
export interface DataKey {
  plaintext: Buffer;
  wrapped: Buffer;
  /** Which master key wrapped it, e.g. 'local:v3' or a KMS key ARN. */
  keyId: string;
}

/**
 * Port for wrapping and unwrapping per-object data keys (AES-256) under a master key.
 * The encryption context is authenticated by the wrap: unwrapping with any other context fails.
 */
export interface KeyProvider {
  readonly id: string;
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  decryptDataKey(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer>;
}

/** A provider that can re-wrap a data key under its newest master key without seeing the data. */
export interface KeyRewrapper {
  rewrap(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<{ wrapped: Buffer; keyId: string }>;
}

/** Source of versioned keys derived from a master key (used for per-value field encryption). */
export interface DerivedKeySource {
  readonly latestVersion: number;
  /** 32 bytes derived with HKDF-SHA-256 from master key `version` for `purpose`. */
  deriveKey(version: number, purpose: string): Buffer;
}
