import { assertValidListPrefix, assertValidObjectKey, compareObjectKeys } from './object-key';
import { InvalidObjectKey } from './storage-errors';

describe('assertValidObjectKey', () => {
  it.each(['a', 'attendance/batch=abc/part-0.parquet', 'with space/é/😀', '.hidden/x', 'a..b/..c', 'a/b.'])('accepts %j', (key) => {
    expect(() => assertValidObjectKey(key)).not.toThrow();
  });

  it.each([
    ['', /non-empty/],
    ['/abs', /relative/],
    ['../x', /"\.\." segments/],
    ['a/..', /"\.\." segments/],
    ['./x', /"\." segments/],
    ['a//b', /empty path segments/],
    ['a/', /empty path segments/],
    ['a\\b', /backslashes/],
    ['a\u0000b', /control characters/],
    ['a\nb', /control characters/],
    ['c:/x', /drive letters/],
  ])('refuses %j', (key, reason) => {
    expect(() => assertValidObjectKey(key)).toThrow(InvalidObjectKey);
    expect(() => assertValidObjectKey(key)).toThrow(reason);
  });

  it('refuses keys longer than S3 allows (1024 UTF-8 bytes)', () => {
    expect(() => assertValidObjectKey('a'.repeat(1024))).not.toThrow();
    expect(() => assertValidObjectKey('é'.repeat(513))).toThrow(/at most 1024 bytes/);
  });

  it('gives the code and the key on the error', () => {
    try {
      assertValidObjectKey('../etc');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_OBJECT_KEY', key: '../etc', name: 'InvalidObjectKey' });
    }
  });
});

describe('assertValidListPrefix', () => {
  it.each(['', 'a', 'a/', 'attendance/part-', 'a/..b', 'a/.x'])('accepts %j', (prefix) => {
    expect(() => assertValidListPrefix(prefix)).not.toThrow();
  });

  it.each(['/a', '../', 'a/../b', 'a/..', 'a//', 'a\\', './'])('refuses %j', (prefix) => {
    expect(() => assertValidListPrefix(prefix)).toThrow(InvalidObjectKey);
  });
});

describe('compareObjectKeys', () => {
  it('orders by UTF-8 bytes, as S3 lists', () => {
    const keys = ['b', 'a/1', 'a0', 'a-1', '\u{1F600}', '\uFFFD', 'A', 'é'];
    // UTF-16 order would put U+FFFD after the surrogate pair of U+1F600; UTF-8 does not.
    expect([...keys].sort(compareObjectKeys)).toEqual(['A', 'a-1', 'a/1', 'a0', 'b', 'é', '\uFFFD', '\u{1F600}']);
  });
});
