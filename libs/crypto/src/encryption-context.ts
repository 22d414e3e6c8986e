import { canonicalJson } from './canonical-json';
import { InvalidEncryptionContext } from './crypto-errors';

/**
 * Non-secret, authenticated labels bound to an encrypted object, e.g.
 * `{ dataset: 'attendance', zone: 'raw' }`. KMS logs them in plaintext (CloudTrail), so they
 * must never hold PII: name datasets, zones and batches, never students. The charset below is
 * deliberately too narrow for emails, names with spaces or free text.
 */
export type EncryptionContext = Readonly<Record<string, string>>;

const CONTEXT_CHARSET = /^[A-Za-z0-9_.:=/-]+$/;
export const MAX_CONTEXT_ENTRIES = 16;
export const MAX_CONTEXT_KEY_LENGTH = 64;
export const MAX_CONTEXT_VALUE_LENGTH = 256;

/** Throws `InvalidEncryptionContext` unless every key and value is short and uses `[A-Za-z0-9_.:=/-]`. */
export function validateEncryptionContext(context: unknown): asserts context is EncryptionContext {
  if (context === null || typeof context !== 'object' || Array.isArray(context)) {
    throw new InvalidEncryptionContext('it must be an object of string keys and string values');
  }
  const entries = Object.entries(context);
  if (entries.length > MAX_CONTEXT_ENTRIES) {
    throw new InvalidEncryptionContext(`it has ${entries.length} entries; at most ${MAX_CONTEXT_ENTRIES} are allowed`);
  }
  for (const [key, value] of entries) {
    if (key.length > MAX_CONTEXT_KEY_LENGTH || !CONTEXT_CHARSET.test(key)) {
      // The offending text is not echoed: if someone put PII there, the error must not repeat it.
      throw new InvalidEncryptionContext(
        `a key is empty, longer than ${MAX_CONTEXT_KEY_LENGTH} characters or uses characters outside [A-Za-z0-9_.:=/-]`,
      );
    }
    if (typeof value !== 'string' || value.length > MAX_CONTEXT_VALUE_LENGTH || !CONTEXT_CHARSET.test(value)) {
      throw new InvalidEncryptionContext(
        `the value of ${JSON.stringify(key)} is not a string of 1-${MAX_CONTEXT_VALUE_LENGTH} characters from [A-Za-z0-9_.:=/-]`,
      );
    }
  }
}

/** The byte-exact form of a context used as associated data. */
export function canonicalContext(context: EncryptionContext): string {
  return canonicalJson(context);
}

export function sameEncryptionContext(a: EncryptionContext, b: EncryptionContext): boolean {
  return canonicalContext(a) === canonicalContext(b);
}
