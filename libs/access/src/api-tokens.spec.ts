import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiTokenFile, createToken, listTokens, revokeToken, UnknownApiToken, verifyToken } from './api-tokens';

describe('API tokens', () => {
  const homes: string[] = [];
  const fresh = () => {
    const home = mkdtempSync(join(tmpdir(), 'acad-tokens-'));
    homes.push(home);
    return home;
  };
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it('creates a 256-bit token that verifies to its user and role, stored only as a hash in a 0600 file', () => {
    const home = fresh();
    const created = createToken(home, { user: 'ada', role: 'analyst' });
    expect(created.token).toMatch(/^acad_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token.split('_').slice(2).join('_'), 'base64url')).toHaveLength(32);
    expect(verifyToken(home, created.token)).toEqual({ id: created.id, user: 'ada', role: 'analyst' });
    const file = readFileSync(apiTokenFile(home), 'utf8');
    expect(file).not.toContain(created.token);
    expect(file).not.toContain(created.token.slice(-43));
    expect(JSON.parse(file).tokens[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(apiTokenFile(home)).mode & 0o777).toBe(0o600);
  });

  it('refuses malformed, altered and unknown tokens', () => {
    const home = fresh();
    const { token } = createToken(home, { user: 'ada', role: 'viewer' });
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of ['', 'acad_', token + 'x', altered, token.replace(/_[0-9a-f]{16}_/, '_0000000000000000_')]) {
      expect(verifyToken(home, bad)).toBeNull();
    }
  });

  it('revokes a token so it no longer verifies; the list shows it revoked, without secrets', () => {
    const home = fresh();
    const a = createToken(home, { user: 'ada', role: 'registrar', now: new Date('2025-01-01T00:00:00Z') });
    const b = createToken(home, { user: 'bob', role: 'public' });
    expect(revokeToken(home, a.id, new Date('2025-02-01T00:00:00Z')).revoked).toBe('2025-02-01T00:00:00.000Z');
    expect(verifyToken(home, a.token)).toBeNull();
    expect(verifyToken(home, b.token)?.user).toBe('bob');
    const list = listTokens(home);
    expect(list).toEqual([
      { id: a.id, user: 'ada', role: 'registrar', created: '2025-01-01T00:00:00.000Z', revoked: '2025-02-01T00:00:00.000Z' },
      { id: b.id, user: 'bob', role: 'public', created: b.created, revoked: null },
    ]);
    expect(() => revokeToken(home, 'ffffffffffffffff')).toThrow(UnknownApiToken);
  });

  it('rejects unknown roles and odd user names', () => {
    const home = fresh();
    expect(() => createToken(home, { user: 'ada', role: 'root' })).toThrow(/Unknown role "root"/);
    expect(() => createToken(home, { user: 'a b', role: 'viewer' })).toThrow(/Invalid user name/);
    expect(listTokens(home)).toEqual([]);
  });
});
