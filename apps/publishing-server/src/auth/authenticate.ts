import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listTokens, verifyToken } from '@acad/access';
import { CsrfRejected, NotAuthenticated } from '../server-errors';
import { SESSION_COOKIE, type SessionStore } from './sessions';
import { ANONYMOUS, type Subject } from './subject';

declare module 'fastify' {
  interface FastifyRequest {
    subject: Subject;
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

/**
 * Who is asking. A bearer token must be valid (401 otherwise, no fallback to public); a session
 * cookie is honoured while its token is not revoked; nothing at all is the public role.
 */
export function authenticator(home: string, sessions: SessionStore) {
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
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const session = sessions.get(sessionId);
    const live = session && listTokens(home).some((t) => t.id === session.tokenId && t.revoked === null);
    if (!session || !live) {
      if (session) sessions.delete(session.id);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return;
    }
    request.subject = { user: session.user, role: session.role, via: 'session', tokenId: session.tokenId, sessionId: session.id };
  };
}

/**
 * A preHandler (the body is parsed by then): a request riding on the session cookie that may
 * change state must carry the session's CSRF token, in `x-csrf-token` or a `_csrf` form field.
 * Bearer requests carry no ambient credential, so they need none.
 */
export function csrfGuard(sessions: SessionStore) {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.subject.via !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    const session = sessions.get(request.subject.sessionId ?? '');
    const sent = (request.headers['x-csrf-token'] as string | undefined) ?? (request.body as { _csrf?: string } | null | undefined)?._csrf;
    if (!session || !sameSecret(sent, session.csrf)) throw new CsrfRejected();
  };
}
