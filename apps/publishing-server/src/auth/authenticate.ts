import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listTokens, verifyToken } from '@acad/access';
import { CsrfRejected, NotAuthenticated, SessionExpired } from '../server-errors';
import { SESSION_COOKIE, type Session, type SessionCookies } from './sessions';
import { ANONYMOUS, type Subject } from './subject';

declare module 'fastify' {
  interface FastifyRequest {
    subject: Subject;
    /** The browser session the request rides on, if any. */
    session?: Session;
  }
}

export const sameSecret = (a: string | undefined, b: string | undefined): boolean =>
  typeof a === 'string' &&
  typeof b === 'string' &&
  a.length === b.length &&
  a.length > 0 &&
  timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  // Secure whenever the client reached us over TLS (directly, or through a trusted proxy).
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Sign-in, sign-out and the provider's callback: a stale session cookie is cleared, not refused. */
    signIn?: boolean;
  }
}

/** Sets the session cookie: sealed (encrypted) by the session codec, then signed. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessions: SessionCookies, session: Session): void {
  reply.setCookie(SESSION_COOKIE, sessions.seal(session), {
    ...cookieOptions(request, Math.ceil((session.expiresAt - Date.now()) / 1000)),
    signed: true,
  });
}

/**
 * Who is asking. A bearer token must be valid (401 otherwise, no fallback to public); a session
 * cookie must be signed and sealed here, and a token session's token not revoked; an expired session
 * is refused with a 401 that sends a page back to the sign-in form; nothing at all is the public role.
 */
export function authenticator(home: string, sessions: SessionCookies) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    request.subject = ANONYMOUS;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const verified = match ? verifyToken(home, match[1]) : null;
      if (!verified) throw new NotAuthenticated('Invalid, revoked or malformed API token.');
      request.subject = { user: verified.user, role: verified.role, via: 'token', tokenId: verified.id };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const unsigned = request.unsignCookie(cookie);
    const opened = unsigned.valid && unsigned.value !== null ? sessions.open(unsigned.value) : ({ state: 'invalid' } as const);
    const live =
      opened.state === 'live' &&
      (opened.session.via !== 'token' || listTokens(home).some((t) => t.id === opened.session.tokenId && t.revoked === null));
    if (!live) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      if (opened.state === 'expired' && !request.routeOptions.config?.signIn) throw new SessionExpired();
      return;
    }
    const { session } = opened;
    request.subject = {
      user: session.user,
      role: session.role,
      via: 'session',
      tokenId: session.tokenId,
      sessionId: session.id,
      csrf: session.csrf,
    };
    request.session = session;
  };
}

/**
 * A preHandler (the body is parsed by then): a request riding on the session cookie that may
 * change state must carry the session's CSRF token, in `x-csrf-token` or a `_csrf` form field.
 * Bearer requests carry no ambient credential, so they need none.
 */
export function csrfGuard() {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.subject.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    const sent = (request.headers['x-csrf-token'] as string | undefined) ?? (request.body as { _csrf?: string } | null | undefined)?._csrf;
    if (!sameSecret(sent, request.subject.csrf)) throw new CsrfRejected();
  };
}
