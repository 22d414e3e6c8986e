import { createHmac, randomBytes } from 'node:crypto';
import { makeTempHome } from './crypto.test-support';
import { LocalKeyring } from './local-keyring';
import { TOKEN_PATTERN, Tokenizer } from './tokenizer';

describe('Tokenizer', () => {
  it('gives deterministic tok_ + 32 hex tokens equal to truncated HMAC-SHA-256', () => {
    const key = randomBytes(32);
    const tokenizer = new Tokenizer(key);
    const token = tokenizer.token('S0012345');
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token).toBe('tok_' + createHmac('sha256', key).update('S0012345').digest('hex').slice(0, 32));
    expect(tokenizer.token('S0012345')).toBe(token);
    expect(new Tokenizer(key).token('S0012345')).toBe(token);
    expect(tokenizer.token('S0012346')).not.toBe(token);
    expect(tokenizer.token(' S0012345')).not.toBe(token); // callers normalise first
    expect(tokenizer.token('')).toMatch(TOKEN_PATTERN);
  });

  it('differs by key, and refuses short keys', () => {
    expect(new Tokenizer(randomBytes(32)).token('S1')).not.toBe(new Tokenizer(randomBytes(32)).token('S1'));
    expect(() => new Tokenizer(randomBytes(16))).toThrow(RangeError);
  });

  it('stays the same across keyring instances and master key rotations', () => {
    const { home, cleanup } = makeTempHome();
    try {
      const keyring = LocalKeyring.create(home);
      const before = Tokenizer.fromKeySource(keyring).token('S0012345');
      keyring.rotate();
      expect(Tokenizer.fromKeySource(keyring).token('S0012345')).toBe(before);
      expect(Tokenizer.fromKeySource(LocalKeyring.open(home)).token('S0012345')).toBe(before);
    } finally {
      cleanup();
    }
  });
});
