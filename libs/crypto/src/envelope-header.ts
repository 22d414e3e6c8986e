import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { DecryptionFailed } from './crypto-errors';
import { validateEncryptionContext, type EncryptionContext } from './encryption-context';

/**
 * Object layout: MAGIC (8) | header length (u32 BE) | header JSON (canonical) | frames.
 * Frame: length word (u32 BE; top bit = final frame) | ciphertext | GCM tag (16).
 */
export const ENVELOPE_MAGIC = Buffer.from('ACADENC1', 'ascii');
export const ENVELOPE_VERSION = 1;
export const ENVELOPE_ALGORITHM = 'AES-256-GCM';
export const DEFAULT_FRAME_SIZE = 64 * 1024;
export const MIN_FRAME_SIZE = 16;
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const MAX_HEADER_BYTES = 64 * 1024;
export const NONCE_PREFIX_BYTES = 8;
export const PREAMBLE_BYTES = ENVELOPE_MAGIC.length + 4;

export interface EnvelopeHeader {
  v: typeof ENVELOPE_VERSION;
  alg: typeof ENVELOPE_ALGORITHM;
  /** Master key that wrapped the data key; changes when the object is re-wrapped. */
  keyId: string;
  /** Base64 of the wrapped data key; changes when the object is re-wrapped. */
  wrappedKey: string;
  context: EncryptionContext;
  frameSize: number;
  /** Base64 of the random 64-bit nonce prefix; each frame's nonce is prefix | frame index. */
  noncePrefix: string;
}

const HEADER_FIELDS = ['alg', 'context', 'frameSize', 'keyId', 'noncePrefix', 'v', 'wrappedKey'].join(',');

export function assertFrameSize(frameSize: number): void {
  if (!Number.isInteger(frameSize) || frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) {
    throw new RangeError(`frameSize must be an integer from ${MIN_FRAME_SIZE} to ${MAX_FRAME_SIZE}, not ${frameSize}`);
  }
}

export function encodeEnvelopeHeader(header: EnvelopeHeader): Buffer {
  const json = Buffer.from(canonicalJson(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length, 0);
  return Buffer.concat([ENVELOPE_MAGIC, length, json]);
}

/** Reads the header length from the 12-byte preamble, rejecting anything that is not ours. */
export function readHeaderLength(preamble: Buffer): number {
  if (!preamble.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) {
    throw new DecryptionFailed('header', 'The data does not start with the ACADENC1 marker.');
  }
  const length = preamble.readUInt32BE(ENVELOPE_MAGIC.length);
  if (length === 0 || length > MAX_HEADER_BYTES) {
    throw new DecryptionFailed('header', `The header length ${length} is outside 1-${MAX_HEADER_BYTES}.`);
  }
  return length;
}

/**
 * Parses and checks the header JSON. Only the exact canonical encoding is accepted, so any
 * changed byte changes a field value, which in turn breaks the key unwrap or the frame AAD.
 */
export function decodeEnvelopeHeader(json: Buffer): EnvelopeHeader {
  const text = json.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DecryptionFailed('header', 'The header is not valid JSON.');
  }
  const header = parsed as EnvelopeHeader;
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    Object.keys(parsed).sort().join(',') === HEADER_FIELDS &&
    header.v === ENVELOPE_VERSION &&
    header.alg === ENVELOPE_ALGORITHM &&
    typeof header.keyId === 'string' &&
    header.keyId.length > 0 &&
    header.keyId.length <= 2048 &&
    isCanonicalBase64(header.wrappedKey) &&
    isCanonicalBase64(header.noncePrefix) &&
    Buffer.from(header.noncePrefix, 'base64').length === NONCE_PREFIX_BYTES &&
    Number.isInteger(header.frameSize) &&
    header.frameSize >= MIN_FRAME_SIZE &&
    header.frameSize <= MAX_FRAME_SIZE;
  if (!valid) throw new DecryptionFailed('header', 'The header fields are missing, malformed or of an unsupported version.');
  try {
    validateEncryptionContext(header.context);
  } catch (error) {
    throw new DecryptionFailed('header', 'The header holds an invalid encryption context.', { cause: error });
  }
  if (canonicalJson(header) !== text) {
    throw new DecryptionFailed('header', 'The header is not in canonical form.');
  }
  return header;
}

/**
 * SHA-256 over the header fields that describe the data (not the key wrapping), mixed into
 * every frame's AAD. Leaving keyId/wrappedKey out lets rotation re-wrap an object's data key
 * by rewriting its header alone; those two fields are authenticated by the unwrap itself.
 */
export function headerBindingHash(header: EnvelopeHeader): Buffer {
  const bound = { v: header.v, alg: header.alg, context: header.context, frameSize: header.frameSize, noncePrefix: header.noncePrefix };
  return createHash('sha256').update(ENVELOPE_MAGIC).update(canonicalJson(bound), 'utf8').digest();
}

function isCanonicalBase64(value: unknown): value is string {
  // Node's decoder skips invalid characters, so insist the text is exactly what it decodes to.
  return typeof value === 'string' && value.length > 0 && Buffer.from(value, 'base64').toString('base64') === value;
}
