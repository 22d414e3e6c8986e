import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken } from '@acad/access';
import { cookieOptions, sameSecret, setSessionCookie } from '../auth/authenticate';
import { OidcTransactionSchema } from '../auth/oidc-sign-in';
import { SESSION_COOKIE, SIGN_IN_CSRF_COOKIE } from '../auth/sessions';
import { noRolePage, signInFailedPage } from '../pages/problem-pages';
import { signInPage } from '../pages/sign-in-page';
import { escapeHtml } from '../pages/layout';
import type { ServerContext } from '../server-context';
import { NotFound } from '../server-errors';

const SIGN_IN_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' }, signIn: true };
const OIDC_COOKIE = 'acad_oidc';

// Only a path on this server: no scheme, no `//host` or `/\host` (browsers read both as another site),
// with its query string (a shared SQL text or dashboard filters) kept: after the path it cannot name a host.
const LOCAL_PATH = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9_./-]*)?(?:\?[\x21-\x7e]*)?$/;

/** Where to go after signing in: the page asked for when it is a local path, else the dashboards. */
export function pageToReturnTo(next: unknown): string | undefined {
  return typeof next === 'string' && next.length <= 2000 && LOCAL_PATH.test(next) ? next : undefined;
}

/** The sign-in page, with a fresh double-submit token so another site cannot sign a browser in. */
export function signInReply(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { error?: boolean; notice?: string; next?: string } = {},
  sso = false,
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
    sso,
  });
}

function continuePage(next: string): string {
  const href = escapeHtml(pageToReturnTo(next) ?? '/');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">
<title>Signed in — Academics Data Platform</title></head><body><main><p>Signed in. <a href="${href}">Continue</a></p></main></body></html>`;
}

/** Sign-in with a token or by single sign-on (sets the session cookie), sign-out, and who the caller is. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const sso = ctx.oidc !== undefined;
  app.get('/sign-in', { schema: { hide: true }, config: { page: true, signIn: true } }, async (request, reply) => {
    const query = request.query as { error?: string; next?: string };
    return signInReply(request, reply, { error: query.error === '1', next: query.next }, sso);
  });

  // Single sign-on: off to the provider with a sealed transaction (state, nonce, PKCE verifier) in a
  // short-lived cookie. SameSite=Lax, since the provider's redirect back is a cross-site navigation.
  app.get('/auth/sign-in', { schema: { hide: true }, config: { page: true, ...SIGN_IN_LIMIT } }, async (request, reply) => {
    if (!ctx.oidc) throw new NotFound('Single sign-on is not configured on this server.');
    const { url, transaction } = await ctx.oidc.start(pageToReturnTo((request.query as { next?: string }).next));
    reply.setCookie(OIDC_COOKIE, ctx.sessions.seal(transaction, 'oidc'), {
      ...cookieOptions(request, 600),
      sameSite: 'lax',
      path: '/auth',
      signed: true,
    });
    return reply.code(302).redirect(url.href);
  });

  app.get('/auth/callback', { schema: { hide: true }, config: { page: true, ...SIGN_IN_LIMIT } }, async (request, reply) => {
    if (!ctx.oidc) throw new NotFound('Single sign-on is not configured on this server.');
    reply.clearCookie(OIDC_COOKIE, { ...cookieOptions(request), sameSite: 'lax', path: '/auth' });
    reply.type('text/html; charset=utf-8');
    const raw = request.cookies[OIDC_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const transaction = OidcTransactionSchema.safeParse(unsigned?.valid ? ctx.sessions.unseal(unsigned.value ?? '', 'oidc') : undefined);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    if (!transaction.success)
      return reply.code(400).send(signInFailedPage(request.subject, 'the sign-in took too long or was started elsewhere'));
    let identity;
    try {
      identity = await ctx.oidc.finish(query, transaction.data);
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message } }, 'single sign-on did not complete');
      return reply.code(400).send(signInFailedPage(request.subject, 'the identity provider did not confirm who you are'));
    }
    if (!identity.role) {
      ctx.audit.record({ user: identity.user, role: 'public', method: 'GET', route: '/auth/callback', status: 403 });
      return reply.code(403).send(noRolePage(request.subject, identity.user));
    }
    const session = ctx.sessions.create({ user: identity.user, role: identity.role, via: 'oidc' });
    setSessionCookie(request, reply, ctx.sessions, session);
    // A page, not a redirect: the session cookie is SameSite=Strict, and a redirect chain that began
    // at the provider is cross-site, so the browser would not send it to the next page yet.
    return continuePage(transaction.data.next ?? '/');
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
      const session = ctx.sessions.create({ user: verified.user, role: verified.role, via: 'token', tokenId: verified.id });
      setSessionCookie(request, reply, ctx.sessions, session);
      return reply.code(303).redirect(next ?? '/');
    },
  );

  app.post(
    '/sign-out',
    { schema: { tags: ['session'], summary: 'End the browser session (needs the CSRF token)' }, config: { signIn: true } },
    async (request, reply) => {
      if (request.session) ctx.sessions.signOut(request.session);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(303).redirect('/sign-in');
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Who the caller is, and the CSRF token of a browser session' } },
    async (request) => {
      const { user, role, via, csrf } = request.subject;
      return { user, role, via, ...(csrf ? { csrf, expiresAt: new Date(request.session?.expiresAt ?? 0).toISOString() } : {}) };
    },
  );
}
