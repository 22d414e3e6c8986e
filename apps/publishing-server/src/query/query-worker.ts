// One query process of the pool: it opens a role's serving snapshot (read-only DuckDB files, then
// locked down) and runs one statement at a time. The server kills it when a statement runs past its
// time limit (DuckDB has no per-statement timeout), which stops that statement and no other.
// It imports the engine only, so a spare process starts quickly.
import { DuckDbEngine, type ReadStatementResult } from '@acad/engine';
import type { ServingDatabase } from '@acad/zones';
import { errorPosition, type ErrorPosition } from './error-position';

export type WorkerRequest =
  | { kind: 'open'; databases: ServingDatabase[]; threads?: number; memoryLimit?: string }
  | { kind: 'query'; id: number; sql: string; cap: number }
  | { kind: 'close' };

export type WorkerReply =
  | { kind: 'started' }
  | { kind: 'opened' }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string }
  | ({ kind: 'rows'; id: number } & ReadStatementResult)
  | { kind: 'error'; id: number; code: string; message: string; position?: ErrorPosition };

// What a statement could change about the session if one ever slipped past the judge: attached
// databases, the default one, objects in the writable in-memory catalogs, the locked settings.
const SESSION_STATE = `SELECT current_database() AS db,
  (SELECT list(database_name || ':' || coalesce(path, '') ORDER BY database_name) FROM duckdb_databases()) AS databases,
  (SELECT count(*) FROM duckdb_tables() WHERE database_name IN ('memory', 'temp'))
    + (SELECT count(*) FROM duckdb_views() WHERE NOT internal AND database_name IN ('memory', 'temp')) AS objects,
  current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked`;

let engine: DuckDbEngine | undefined;
let state = '';

const send = (reply: WorkerReply): void => void process.send?.(reply);
const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    .slice(0, 500);

async function sessionState(open: DuckDbEngine): Promise<string> {
  return JSON.stringify(await open.query(SESSION_STATE), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.kind === 'close' || request.kind === 'open') {
    await engine?.close();
    engine = undefined;
    if (request.kind === 'close') return send({ kind: 'closed' });
    try {
      engine = await DuckDbEngine.openReadOnly(request.databases, { threads: request.threads, memoryLimit: request.memoryLimit });
      state = await sessionState(engine);
      return send({ kind: 'opened' });
    } catch (error) {
      return send({ kind: 'failed', message: firstLine(error) });
    }
  }
  if (!engine) return send({ kind: 'error', id: request.id, code: 'ENGINE_ERROR', message: 'No serving snapshot is open' });
  try {
    // DuckDB's parser judges the exact text, and the statement it judged is the one that runs.
    const result = await engine.runReadStatement(request.sql, { maxRows: request.cap });
    if ((await sessionState(engine)) !== state) {
      const reply: WorkerReply = {
        kind: 'error',
        id: request.id,
        code: 'SQL_NOT_ALLOWED',
        message: 'The statement changed the query session',
      };
      // This process is spent: the pool replaces it.
      process.send?.(reply, () => process.exit(1));
      return;
    }
    send({ kind: 'rows', id: request.id, ...result });
  } catch (error) {
    const position = errorPosition(request.sql, String((error as Error)?.message ?? error));
    send({
      kind: 'error',
      id: request.id,
      code: (error as { code?: string }).code ?? 'ENGINE_ERROR',
      message: firstLine(error),
      ...(position ? { position } : {}),
    });
  }
}

// One request at a time, in order: the pool sends the next only after the reply.
let queue = Promise.resolve();
process.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});
process.on('disconnect', () => void (engine?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
send({ kind: 'started' });
