import { SessionCookies } from './sessions';

describe('session cookies', () => {
  const identity = { user: 'ana.lytic', role: 'analyst' as const, via: 'oidc' as const };

  it('seals the session so the cookie neither shows nor lets anyone change who it is', () => {
    const sessions = new SessionCookies('a-session-secret-of-at-least-32-chars', 8);
    const session = sessions.create(identity, 1_000);
    const sealed = sessions.seal(session);
    expect(sealed).not.toContain('ana');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toMatch(/analyst|ana\.lytic/);
    expect(sessions.open(sealed, 2_000)).toEqual({ state: 'live', session });
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[20] ^= 1;
    expect(sessions.open(bytes.toString('base64url'), 2_000)).toEqual({ state: 'invalid' });
    // Another server's secret, or a value sealed for another purpose, opens nothing.
    expect(new SessionCookies('another-secret-of-at-least-32-characters', 8).open(sealed, 2_000)).toEqual({ state: 'invalid' });
    expect(sessions.open(sessions.seal(session, 'oidc'), 2_000)).toEqual({ state: 'invalid' });
  });

  it('expires after the configured hours, and a signed-out session stays out', () => {
    const sessions = new SessionCookies(undefined, 2);
    const session = sessions.create(identity, 0);
    expect(session.expiresAt).toBe(2 * 60 * 60 * 1000);
    const sealed = sessions.seal(session);
    expect(sessions.open(sealed, session.expiresAt - 1).state).toBe('live');
    expect(sessions.open(sealed, session.expiresAt).state).toBe('expired');
    sessions.signOut(session, 10);
    expect(sessions.open(sealed, 20).state).toBe('invalid');
  });
});
