import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { DecryptionFailed } from './crypto-errors';
import { validateEncryptionContext } from './encryption-context';
import type { DerivedKeySource } from './key-provider';

export const FIELD_PREFIX = 'enc1:';
const FIELD_KEY_PURPOSE = 'acad:field-cipher:v1';
const VERSION_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Which column a value belongs to; bound to the ciphertext as associated data. */
export interface FieldContext {
  dataset: string;
  column: string;
}

/**
 * Per-value AES-256-GCM for recoverable direct identifiers (name, email, phone, birth date).
 * Output: 'enc1:' + base64url(key version u32 | IV 12 | ciphertext | tag 16). The key is
 * derived with HKDF from the master key version, so rotation applies to new values while old
 * ones still decrypt. A value copied to another dataset or column will not decrypt there.
 * Randomised on purpose: equal inputs give different outputs (use `Tokenizer` for joins).
 */
export class FieldCipher {
  private readonly keys = new Map<number, Buffer>();

  constructor(private readonly source: DerivedKeySource) {}

  static isEncrypted(value: string): boolean {
    return value.startsWith(FIELD_PREFIX);
  }

  encrypt(value: string, context: FieldContext): string {
    const version = this.source.latestVersion;
    const prefix = Buffer.alloc(VERSION_BYTES);
    prefix.writeUInt32BE(version, 0);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(version), iv);
    cipher.setAAD(fieldAad(prefix, context));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return FIELD_PREFIX + Buffer.concat([prefix, iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** Throws `DecryptionFailed` (reason 'field') for tampered, foreign or malformed values. */
  decrypt(encrypted: string, context: FieldContext): string {
    const bytes = FieldCipher.isEncrypted(encrypted) ? Buffer.from(encrypted.slice(FIELD_PREFIX.length), 'base64url') : undefined;
    if (
      !bytes ||
      bytes.length < VERSION_BYTES + IV_BYTES + TAG_BYTES ||
      bytes.toString('base64url') !== encrypted.slice(FIELD_PREFIX.length)
    ) {
      throw new DecryptionFailed('field', `The value is not an ${FIELD_PREFIX} encrypted field.`);
    }
    const prefix = bytes.subarray(0, VERSION_BYTES);
    const version = prefix.readUInt32BE(0);
    const decipher = createDecipheriv('aes-256-gcm', this.key(version), bytes.subarray(VERSION_BYTES, VERSION_BYTES + IV_BYTES));
    decipher.setAAD(fieldAad(prefix, context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const body = decipher.update(bytes.subarray(VERSION_BYTES + IV_BYTES, bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([body, decipher.final()]).toString('utf8');
    } catch (error) {
      body.fill(0);
      throw new DecryptionFailed('field', `The value did not verify for ${context.dataset}.${context.column}.`, { cause: error });
    }
  }

  private key(version: number): Buffer {
    let key = this.keys.get(version);
    if (!key) {
      key = this.source.deriveKey(version, FIELD_KEY_PURPOSE);
      this.keys.set(version, key);
    }
    return key;
  }
}

function fieldAad(prefix: Buffer, context: FieldContext): Buffer {
  const bound = { dataset: context.dataset, column: context.column };
  validateEncryptionContext(bound);
  return Buffer.concat([prefix, Buffer.from(canonicalJson(bound), 'utf8')]);
}
