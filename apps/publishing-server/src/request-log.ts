import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Subject } from './auth/subject';

// A proxy's id is kept only in the shapes proxies make (a UUID, or nginx's 32 hex digits):
// anything else could carry a value from the caller into the log.
const WELL_FORMED_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Fastify's genReqId: a proxy's well-formed `x-request-id`, else a fresh UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  const sent = raw.headers['x-request-id'];
  return typeof sent === 'string' && WELL_FORMED_ID.test(sent) ? sent.toLowerCase() : randomUUID();
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * What the log shows of a request or reply wherever pino meets one (Fastify's own warnings
 * included): method and route pattern, status. Never the URL (its query string holds filter
 * values), headers (tokens, cookies) or the body.
 */
export const LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, route: routeOf(request) }),
  res: (reply: FastifyReply) => ({ status: reply.statusCode }),
};

interface ReplyError {
  code: string;
  /** For a failure of ours (5xx): what failed and where, as `errorForLog` writes it. */
  failure?: ReturnType<typeof errorForLog>;
}
const replyErrors = new WeakMap<FastifyRequest, ReplyError>();

/** The error a request was answered with, for its log line. */
export function noteReplyError(request: FastifyRequest, code: string, failure?: Error): void {
  replyErrors.set(request, { code, ...(failure ? { failure: errorForLog(failure) } : {}) });
}

/**
 * An error as the log may hold it: its class, code, the first line of its message with quoted
 * text, e-mail addresses and digit runs cut out, and its stack frames. Engine and parser errors
 * quote the data they choke on, and the log must never hold a row value.
 */
export function errorForLog(error: Error & { code?: unknown }) {
  const message = (error.message.split('\n')[0] ?? '')
    .replace(/'[^']*(?:'|$)|"[^"]*(?:"|$)|`[^`]*(?:`|$)/g, '…')
    .replace(/\S*(?:@|\d{4,})\S*/g, '…')
    .slice(0, 300);
  return {
    type: error.name,
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    message,
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 15)
      .map((line) => line.trim()),
  };
}

/**
 * One JSON line per request, written when its response is finished: request id (as `reqId`),
 * method, route pattern, status, duration, role, token id (never the token), and the error code
 * of a refused or failed request, with where it failed for a 5xx. Fastify's other
 * per-request lines (incoming, not found, default error handler) are switched off: they carry the URL.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    writeRequestLine(request, reply, error);
  }
}

/** The request's one line; `RequestLogController` writes it for routed requests, `frameworkErrorReply` for the rest. */
export function writeRequestLine(request: FastifyRequest, reply: FastifyReply, error?: Error | null): void {
  const subject = request.subject as Subject | undefined;
  const replied = replyErrors.get(request);
  const elapsed = reply.elapsedTime;
  const line = {
    method: request.method,
    route: routeOf(request),
    status: reply.statusCode,
    ...(Number.isFinite(elapsed) ? { responseTime: Math.round(elapsed * 10) / 10 } : {}),
    role: subject?.role ?? 'public',
    ...(subject?.tokenId ? { tokenId: subject.tokenId } : {}),
    ...(replied ? { error: replied.code } : {}),
    ...(replied?.failure ? { failure: replied.failure } : {}),
    // A failure while streaming the reply, after its status was sent.
    ...(error ? { streamFailure: errorForLog(error) } : {}),
  };
  if (error || reply.statusCode >= 500) request.log.error(line, 'request failed');
  else request.log.info(line, 'request completed');
}

/** Every reply names its request id, so a caller can quote it. */
export function sendRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
