import { randomBytes } from 'node:crypto';
import type { Role } from '@acad/access';

export interface Session {
  id: string;
  user: string;
  role: Role;
  tokenId: string;
  csrf: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'acad_session';
export const SIGN_IN_CSRF_COOKIE = 'acad_signin_csrf';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * Browser sessions, in memory: a 256-bit random id in the cookie, nothing else. A restart signs
 * everyone out, which is the safe way round. Each session carries its own CSRF token.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(identity: { user: string; role: Role; tokenId: string }, now = Date.now()): Session {
    this.prune(now);
    const session: Session = {
      ...identity,
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: now + SESSION_TTL_MS,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string, now = Date.now()): Session | undefined {
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private prune(now: number): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}
