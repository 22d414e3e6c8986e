import { createHmac } from 'node:crypto';

export const TOKEN_PREFIX = 'tok_';
/**
 * 32 hex characters = 128 bits of HMAC-SHA-256. With a billion distinct values the chance of
 * any two sharing a token is about 1.5e-21, while the column stays half the size of a full MAC.
 */
export const TOKEN_HEX_LENGTH = 32;
export const TOKEN_PATTERN = /^tok_[0-9a-f]{32}$/;

/** Anything that can hand out the dedicated tokenization key (e.g. `LocalKeyring`). */
export interface TokenizationKeySource {
  tokenizationKey(): Buffer;
}

/**
 * Deterministic keyed pseudonyms: the same value under the same key always gives the same
 * token, so `student_id` joins work across datasets, while nobody without the key can test a
 * guess. Values are used exactly as given (trim and normalise before calling). HMAC costs
 * about 3 µs, so compute it once per distinct value and join the result back in SQL.
 */
export class Tokenizer {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new RangeError(`A tokenization key needs at least 32 bytes, not ${key.length}`);
    this.key = Buffer.from(key);
  }

  static fromKeySource(source: TokenizationKeySource): Tokenizer {
    return new Tokenizer(source.tokenizationKey());
  }

  token(value: string): string {
    const mac = createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
    return TOKEN_PREFIX + mac.slice(0, TOKEN_HEX_LENGTH);
  }
}
