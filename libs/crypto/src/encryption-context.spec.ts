import { InvalidEncryptionContext } from './crypto-errors';
import { canonicalContext, sameEncryptionContext, validateEncryptionContext } from './encryption-context';

describe('encryption context', () => {
  it('accepts dataset, zone and batch labels', () => {
    expect(() => validateEncryptionContext({ dataset: 'attendance', zone: 'raw', batch: 'b-2024-01-04T10:00/1=x.y' })).not.toThrow();
    expect(() => validateEncryptionContext({})).not.toThrow();
  });

  it('rejects characters that free text, emails or names need, without echoing the value', () => {
    for (const value of ['ada@uni.edu', 'Ada Lovelace', '', 'a'.repeat(257), 'é']) {
      let caught: unknown;
      try {
        validateEncryptionContext({ student: value });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidEncryptionContext);
      expect((caught as InvalidEncryptionContext).code).toBe('ENCRYPTION_CONTEXT_INVALID');
      expect((caught as Error).message).toContain('"student"');
      if (value.length > 0) expect((caught as Error).message).not.toContain(value);
    }
  });

  it('rejects bad keys, non-string values, non-objects and too many entries', () => {
    expect(() => validateEncryptionContext({ 'ada@uni.edu': 'x' })).toThrow(/a key is empty/);
    expect(() => validateEncryptionContext({ n: 5 })).toThrow(InvalidEncryptionContext);
    expect(() => validateEncryptionContext(['a'])).toThrow(InvalidEncryptionContext);
    expect(() => validateEncryptionContext(null)).toThrow(InvalidEncryptionContext);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    expect(() => validateEncryptionContext(many)).toThrow(/17 entries/);
  });

  it('compares contexts independently of key order', () => {
    expect(canonicalContext({ zone: 'raw', dataset: 'a' })).toBe('{"dataset":"a","zone":"raw"}');
    expect(sameEncryptionContext({ zone: 'raw', dataset: 'a' }, { dataset: 'a', zone: 'raw' })).toBe(true);
    expect(sameEncryptionContext({ dataset: 'a' }, { dataset: 'a', zone: 'raw' })).toBe(false);
  });
});
