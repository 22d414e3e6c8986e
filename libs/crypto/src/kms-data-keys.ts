import { DataKeysNotFound, UnknownKeyVersion } from './crypto-errors';
import type { EncryptionContext } from './encryption-context';
import { FIELD_KEY_PURPOSE } from './field-cipher';
import type { DerivedKeySource, KeyProvider } from './key-provider';
import type { TokenizationKeySource } from './tokenizer';

/** The purpose of the tokenization (HMAC) key among the lake's KMS data keys. */
export const TOKENIZATION_KEY_PURPOSE = 'acad:tokenization:v1';

/**
 * One data key as the lake keeps it: wrapped by KMS, with what is needed to unwrap it. It holds
 * no plaintext, so it may sit in the lake (the platform zone) beside the data it protects.
 */
export interface WrappedDataKey {
  format: 1;
  purpose: string;
  version: number;
  /** The KMS key ARN that wrapped it (Decrypt is pinned to it). */
  keyId: string;
  /** The KMS ciphertext blob, base64. */
  wrapped: string;
}

/**
 * The encryption context a stored data key is bound to: its purpose and version, so a blob
 * swapped for another purpose's does not unwrap. Names only (CloudTrail logs it).
 */
export function dataKeyContext(purpose: string, version: number): EncryptionContext {
  return { purpose, version: String(version) };
}

/**
 * A new data key for `purpose`, generated and wrapped by the provider (KMS `GenerateDataKey`),
 * in its stored form. The plaintext is zeroed before returning: readers unwrap the stored copy,
 * so the writer and every other process use the same path.
 */
export async function generateWrappedDataKey(provider: KeyProvider, purpose: string, version: number): Promise<WrappedDataKey> {
  const key = await provider.generateDataKey(dataKeyContext(purpose, version));
  key.plaintext.fill(0);
  return { format: 1, purpose, version, keyId: key.keyId, wrapped: key.wrapped.toString('base64') };
}

/**
 * Field and tokenization keys with ACAD_KMS=aws: data keys KMS generated and wrapped, stored
 * wrapped in the lake and unwrapped once per process with KMS `Decrypt` (then held in memory,
 * because the field cipher and the tokenizer are synchronous and run once per value). Nothing
 * is derived from a local keyring, so a process on AWS needs no key file.
 */
export class KmsDataKeys implements DerivedKeySource, TokenizationKeySource {
  private constructor(private readonly keys: ReadonlyMap<string, Buffer>) {}

  /**
   * Unwraps every stored key. Needs at least the tokenization key and field key version 1;
   * otherwise `DataKeysNotFound` (the lake's keys were never made: `acad keys init`).
   */
  static async unwrap(provider: KeyProvider, stored: readonly WrappedDataKey[], location: string): Promise<KmsDataKeys> {
    const required = [TOKENIZATION_KEY_PURPOSE, FIELD_KEY_PURPOSE].filter(
      (purpose) => !stored.some((key) => key.purpose === purpose && key.version === 1),
    );
    if (required.length > 0) throw new DataKeysNotFound(location, required);
    const keys = new Map<string, Buffer>();
    for (const key of stored) {
      const plaintext = await provider.decryptDataKey(
        Buffer.from(key.wrapped, 'base64'),
        key.keyId,
        dataKeyContext(key.purpose, key.version),
      );
      keys.set(slot(key.purpose, key.version), plaintext);
    }
    return new KmsDataKeys(keys);
  }

  /** The newest field key version (a new version is a new data key; older ones still decrypt). */
  get latestVersion(): number {
    let latest = 0;
    for (const id of this.keys.keys()) {
      const [purpose, version] = id.split('\u0000');
      if (purpose === FIELD_KEY_PURPOSE) latest = Math.max(latest, Number(version));
    }
    return latest;
  }

  /** The data key stored for `purpose` at `version` (nothing is derived: each purpose has its own key). */
  deriveKey(version: number, purpose: string): Buffer {
    const key = this.keys.get(slot(purpose, version));
    if (!key) throw new UnknownKeyVersion(`kms:${purpose}:v${version}`, `the lake holds no ${purpose} data key of version ${version}`);
    return Buffer.from(key);
  }

  tokenizationKey(): Buffer {
    return this.deriveKey(1, TOKENIZATION_KEY_PURPOSE);
  }
}

function slot(purpose: string, version: number): string {
  return `${purpose}\u0000${version}`;
}
