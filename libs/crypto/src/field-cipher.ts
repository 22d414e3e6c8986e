import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { DecryptionFailed } from './crypto-errors';
import { validateEncryptionContext } from './encryption-context';
import type { DerivedKeySource } from './key-provider';

export const FIELD_PREFIX = 'enc1:';
/** What the field key is for: HKDF info locally, the KMS data key's purpose with ACAD_KMS=aws. */
export const FIELD_KEY_PURPOSE = 'acad:field-cipher:v1';
const VERSION_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Set in the version word of a value bound to its row key. Master key versions stay below 2^30,
 * so the bit is free; values written before row binding have it clear and are read as before.
 * The word is part of the associated data, so the bit cannot be cleared to skip the row check.
 */
const ROW_BOUND = 0x80000000;

/**
 * Where a value belongs, bound to the ciphertext as associated data: its dataset and column,
 * and the key of its row (the values of the contract's key columns as stored in trusted, i.e.
 * identifiers as their tokens, never plaintext). A value moved to another row does not decrypt.
 */
export interface FieldContext {
  dataset: string;
  column: string;
  rowKey: readonly string[];
}

/**
 * Per-value AES-256-GCM for recoverable direct identifiers (name, email, phone, birth date).
 * Output: 'enc1:' + base64url(word u32 | IV 12 | ciphertext | tag 16), the word being the key
 * version with the row-bound bit. The key is derived with HKDF from the master key version, so
 * rotation applies to new values while old ones still decrypt. A value copied to another
 * dataset, column or row will not decrypt there. Randomised on purpose: equal inputs give
 * different outputs (use `Tokenizer` for joins).
 */
export class FieldCipher {
  private readonly keys = new Map<number, Buffer>();
  // The checked, canonical {dataset, column} part of the AAD: a promotion encrypts one value per row.
  private readonly columns = new Map<string, Buffer>();

  constructor(private readonly source: DerivedKeySource) {}

  static isEncrypted(value: string): boolean {
    return value.startsWith(FIELD_PREFIX);
  }

  encrypt(value: string, context: FieldContext): string {
    const version = this.source.latestVersion;
    const prefix = Buffer.alloc(VERSION_BYTES);
    prefix.writeUInt32BE((version | ROW_BOUND) >>> 0, 0);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(version), iv);
    cipher.setAAD(fieldAad(prefix, this.column(context), context));
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
    const version = prefix.readUInt32BE(0) & ~ROW_BOUND;
    const decipher = createDecipheriv('aes-256-gcm', this.key(version), bytes.subarray(VERSION_BYTES, VERSION_BYTES + IV_BYTES));
    decipher.setAAD(fieldAad(prefix, this.column(context), context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const body = decipher.update(bytes.subarray(VERSION_BYTES + IV_BYTES, bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([body, decipher.final()]).toString('utf8');
    } catch (error) {
      body.fill(0);
      // The row key is not named: its columns may be tokens, but the message needs no row at all.
      throw new DecryptionFailed(
        'field',
        `The value did not verify for ${context.dataset}.${context.column} in this row (tampered with, or moved from another row).`,
        { cause: error },
      );
    }
  }

  private column(context: FieldContext): Buffer {
    const id = `${context.dataset}\u0000${context.column}`;
    let bound = this.columns.get(id);
    if (!bound) {
      const names = { dataset: context.dataset, column: context.column };
      validateEncryptionContext(names);
      bound = Buffer.from(canonicalJson(names), 'utf8');
      this.columns.set(id, bound);
    }
    return bound;
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

function fieldAad(prefix: Buffer, column: Buffer, context: FieldContext): Buffer {
  if ((prefix.readUInt32BE(0) & ROW_BOUND) === 0) return Buffer.concat([prefix, column]);
  if (!Array.isArray(context.rowKey) || context.rowKey.length === 0 || !context.rowKey.every((v) => typeof v === 'string')) {
    throw new TypeError(`A field value of ${context.dataset}.${context.column} needs its row key (the key columns' values as text)`);
  }
  // A NUL cannot occur in canonical JSON, so the two parts cannot be confused.
  return Buffer.concat([prefix, column, Buffer.from([0]), Buffer.from(canonicalJson(context.rowKey), 'utf8')]);
}
