import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Subject } from './auth/subject';
import { failurePage, notAvailablePage, refusedPage } from './pages/problem-pages';
import { noteReplyError, writeRequestLine } from './request-log';
import { signInReply } from './routes/auth-routes';
import type { ServerContext } from './server-context';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A server-rendered page: its errors are answered with a page, not JSON. */
    page?: boolean;
  }
}

/** RFC 6750: a 401 names the scheme and realm; `invalid_token` when a token was sent but is no good. */
const BEARER_CHALLENGE = 'Bearer realm="acad"';

type ServerError = FastifyError & { code?: string };

/** Errors carry their status; AccessDenied and friends have codes, never data values, in messages. */
function statusOf(error: ServerError): number {
  if (error.code === 'ACCESS_DENIED') return 403;
  // The commit log cannot answer for that time (vacuumed, before the first commit, in the future): the message says which.
  if (error.code === 'AS_OF_UNAVAILABLE') return 404;
  if (typeof error.statusCode === 'number') return error.statusCode;
  if (error.validation) return 400;
  return 500;
}

/**
 * The one place errors become replies. A policy refusal is 401 with a Bearer challenge for a caller
 * without credentials (a token may open it) and 403 for a role that may not; a failure of ours is a
 * 500 naming the request id, whose log line holds what failed. Pages get pages: a sign-in form, a
 * "not available to your role" page or an error page, never policy wording.
 */
export function errorReplies(ctx: ServerContext) {
  return (error: ServerError, request: FastifyRequest, reply: FastifyReply) => {
    const subject = (request.subject as Subject | undefined) ?? ANONYMOUS;
    const denied = error.code === 'ACCESS_DENIED';
    const signInNeeded = denied && subject.via === 'anonymous';
    const status = signInNeeded ? 401 : statusOf(error);
    const code =
      status >= 500 ? 'INTERNAL_ERROR' : signInNeeded ? 'NOT_AUTHENTICATED' : (error.code ?? (status === 429 ? 'RATE_LIMITED' : 'ERROR'));
    noteReplyError(request, code, status >= 500 ? error : undefined);
    if (denied) {
      const route = request.routeOptions.url ?? 'unmatched';
      ctx.audit.record({ user: subject.user, role: subject.role, method: request.method, route, status });
    }
    if (status === 401) {
      reply.header(
        'www-authenticate',
        error.code === 'NOT_AUTHENTICATED' ? `${BEARER_CHALLENGE}, error="invalid_token"` : BEARER_CHALLENGE,
      );
    }
    reply.code(status);
    if (request.routeOptions.config?.page)
      return reply.send(
        pageFor(
          request,
          reply,
          { status, denied, subject, message: error.message, expired: error.code === 'SESSION_EXPIRED' },
          ctx.oidc !== undefined,
        ),
      );
    const message =
      status >= 500
        ? `Internal error; the server log has what failed, under request id ${request.id}.`
        : signInNeeded
          ? 'This needs an API token: send it as "Authorization: Bearer <token>", or sign in at /sign-in.'
          : error.message;
    // A statement's error says where in the text it is (line and column, never the text itself).
    const position = status < 500 ? (error as { position?: unknown }).position : undefined;
    return reply.send({ error: code, message, requestId: request.id, ...(position ? { position } : {}) });
  };
}

function pageFor(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; denied: boolean; subject: Subject; message: string; expired: boolean },
  sso: boolean,
): string {
  const csrf = problem.subject.csrf;
  if (problem.status === 401)
    return signInReply(
      request,
      reply,
      {
        notice: problem.expired ? problem.message : 'Sign in to see this page.',
        next: request.url,
      },
      sso,
    );
  reply.type('text/html; charset=utf-8');
  if (problem.status >= 500) return failurePage(problem.subject, csrf, request.id);
  if (problem.denied) return notAvailablePage(problem.subject, csrf);
  return refusedPage(problem.subject, csrf, problem.message);
}

/** Unknown routes: JSON with the request id. Fastify's own 404 handler would log the URL. */
export function notFoundReply(request: FastifyRequest, reply: FastifyReply) {
  noteReplyError(request, 'NOT_FOUND');
  const path = request.url.split('?')[0].slice(0, 200);
  return reply.code(404).send({ error: 'NOT_FOUND', message: `No route ${request.method} ${path}.`, requestId: request.id });
}

/**
 * Requests Fastify cannot route at all (a malformed URL): the same JSON with the request id, without
 * echoing the URL. Hooks do not run for these, so the id header is set here.
 */
export function frameworkErrorReply(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  noteReplyError(request, error.code);
  // Fastify wires no response hooks for these, so the request's line is written here.
  reply.raw.once('finish', () => writeRequestLine(request, reply));
  return reply
    .code(400)
    .header('x-request-id', request.id)
    .send({ error: error.code, message: 'The request URL or headers could not be read.', requestId: request.id });
}
