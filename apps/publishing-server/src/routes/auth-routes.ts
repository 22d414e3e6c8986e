import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { verifyToken } from '@acad/access';
import { cookieOptions, sameSecret } from '../auth/authenticate';
import { SESSION_COOKIE, SIGN_IN_CSRF_COOKIE } from '../auth/sessions';
import { signInPage } from '../pages/sign-in-page';
import type { ServerContext } from '../server-context';

const SIGN_IN_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/** Sign-in with a token (sets the session cookie), sign-out, and who the caller is. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    // Double-submit token for the sign-in form itself, so another site cannot sign a browser in.
    const csrf = randomBytes(32).toString('base64url');
    reply.setCookie(SIGN_IN_CSRF_COOKIE, csrf, cookieOptions(request, 600));
    reply.type('text/html; charset=utf-8');
    return signInPage({ csrf, subject: request.subject, error: (request.query as { error?: string }).error === '1' });
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
          properties: { token: { type: 'string', maxLength: 200 }, _csrf: { type: 'string', maxLength: 200 } },
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { token: string; _csrf: string };
      if (!sameSecret(body._csrf, request.cookies[SIGN_IN_CSRF_COOKIE]))
        return reply.code(403).send({ error: 'CSRF_REJECTED', message: 'Reload the sign-in page and try again.' });
      reply.clearCookie(SIGN_IN_CSRF_COOKIE, cookieOptions(request));
      const verified = verifyToken(ctx.settings.home, body.token.trim());
      if (!verified) return reply.code(303).redirect('/sign-in?error=1');
      const session = ctx.sessions.create({ user: verified.user, role: verified.role, tokenId: verified.id });
      reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(request, 8 * 60 * 60));
      return reply.code(303).redirect('/');
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
