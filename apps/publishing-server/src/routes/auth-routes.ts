import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken } from '@acad/access';
import { cookieOptions, sameSecret } from '../auth/authenticate';
import { SESSION_COOKIE, SIGN_IN_CSRF_COOKIE } from '../auth/sessions';
import { signInPage } from '../pages/sign-in-page';
import type { ServerContext } from '../server-context';

const SIGN_IN_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

// Only a path on this server: no scheme, no `//host` or `/\host` (browsers read both as another site).
const LOCAL_PATH = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9_./-]*)?$/;

/** Where to go after signing in: the page asked for when it is a local path, else the dashboards. */
export function pageToReturnTo(next: unknown): string | undefined {
  return typeof next === 'string' && next.length <= 200 && LOCAL_PATH.test(next) ? next : undefined;
}

/** The sign-in page, with a fresh double-submit token so another site cannot sign a browser in. */
export function signInReply(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { error?: boolean; notice?: string; next?: string } = {},
): string {
  const csrf = randomBytes(32).toString('base64url');
  reply.setCookie(SIGN_IN_CSRF_COOKIE, csrf, cookieOptions(request, 600));
  reply.type('text/html; charset=utf-8');
  return signInPage({
    csrf,
    subject: request.subject,
    error: options.error ?? false,
    notice: options.notice,
    next: pageToReturnTo(options.next),
  });
}

/** Sign-in with a token (sets the session cookie), sign-out, and who the caller is. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/sign-in', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const query = request.query as { error?: string; next?: string };
    return signInReply(request, reply, { error: query.error === '1', next: query.next });
  });

  app.post(
    '/sign-in',
    {
      config: SIGN_IN_LIMIT,
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token (form post); sets an HttpOnly, SameSite=Strict session cookie',
        body: {
          type: 'object',
          required: ['token', '_csrf'],
          properties: {
            token: { type: 'string', maxLength: 200 },
            _csrf: { type: 'string', maxLength: 200 },
            next: { type: 'string', maxLength: 200, description: 'A local page to return to' },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { token: string; _csrf: string; next?: string };
      const next = pageToReturnTo(body.next);
      if (!sameSecret(body._csrf, request.cookies[SIGN_IN_CSRF_COOKIE]))
        return reply.code(403).send({ error: 'CSRF_REJECTED', message: 'Reload the sign-in page and try again.' });
      reply.clearCookie(SIGN_IN_CSRF_COOKIE, cookieOptions(request));
      const verified = verifyToken(ctx.settings.home, body.token.trim());
      if (!verified) return reply.code(303).redirect(`/sign-in?error=1${next ? `&next=${encodeURIComponent(next)}` : ''}`);
      const session = ctx.sessions.create({ user: verified.user, role: verified.role, tokenId: verified.id });
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(request, 8 * 60 * 60));
      return reply.code(303).redirect(next ?? '/');
    },
  );

  app.post(
    '/sign-out',
    { schema: { tags: ['session'], summary: 'End the browser session (needs the CSRF token)' } },
    async (request, reply) => {
      if (request.subject.sessionId) ctx.sessions.delete(request.subject.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(303).redirect('/sign-in');
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Who the caller is, and the CSRF token of a browser session' } },
    async (request) => {
      const { user, role, via, sessionId } = request.subject;
      const csrf = sessionId ? ctx.sessions.get(sessionId)?.csrf : undefined;
      return { user, role, via, ...(csrf ? { csrf } : {}) };
    },
  );
}
