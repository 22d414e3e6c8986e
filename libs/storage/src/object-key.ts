import { InvalidObjectKey } from './storage-errors';

// S3's own limit; applying it everywhere keeps local and S3 stores interchangeable.
const MAX_KEY_BYTES = 1024;

/**
 * Checks a key is a relative `/`-separated path that stays inside the store: no empty,
 * `.` or `..` segments, no leading or trailing `/`, no backslash, NUL or other control
 * characters. Same rules for every adapter so data moves between them unchanged.
 */
export function assertValidObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidObjectKey(String(key), 'a key must be a non-empty string');
  }
  assertSafeCharacters(key);
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new InvalidObjectKey(key, `a key may be at most ${MAX_KEY_BYTES} bytes`);
  }
  for (const segment of key.split('/')) assertValidSegment(key, segment);
}

/**
 * Checks a list prefix. A prefix may be empty, may end with `/` and its last segment may be
 * partial (`attendance/part-`), but every complete segment follows the key rules.
 */
export function assertValidListPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new InvalidObjectKey(String(prefix), 'a prefix must be a string');
  if (prefix.length === 0) return;
  assertSafeCharacters(prefix);
  const segments = prefix.split('/');
  const partial = segments.pop() ?? '';
  for (const segment of segments) assertValidSegment(prefix, segment);
  if (partial === '.' || partial === '..') {
    throw new InvalidObjectKey(prefix, `"${partial}" segments are not allowed`);
  }
}

/** Orders keys the way S3 does: by their UTF-8 bytes, not by UTF-16 code units. */
export function compareObjectKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function assertSafeCharacters(key: string): void {
  if (key.startsWith('/')) throw new InvalidObjectKey(key, 'a key must be relative (no leading "/")');
  if (key.includes('\\')) throw new InvalidObjectKey(key, 'backslashes are not allowed');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new InvalidObjectKey(key, 'control characters (including NUL) are not allowed');
  if (/^[A-Za-z]:/.test(key)) throw new InvalidObjectKey(key, 'drive letters are not allowed');
}

function assertValidSegment(key: string, segment: string): void {
  if (segment === '') throw new InvalidObjectKey(key, 'empty path segments ("//", leading or trailing "/") are not allowed');
  if (segment === '.' || segment === '..') throw new InvalidObjectKey(key, `"${segment}" segments are not allowed`);
}
