import { InvalidRequest } from '../server-errors';
import type { ErrorPosition } from './error-position';

export class QueryTimedOut extends InvalidRequest {
  override readonly code = 'QUERY_TIMEOUT';
  constructor(ms: number) {
    super(`The query ran longer than ${ms} ms and was stopped.`);
    this.name = 'QueryTimedOut';
  }
}

export class QueryFailed extends InvalidRequest {
  override readonly code = 'QUERY_FAILED';
  /** Where in the statement the engine placed the error, when it says. */
  constructor(
    message: string,
    readonly position?: ErrorPosition,
  ) {
    super(`Query failed: ${message}`);
    this.name = 'QueryFailed';
  }
}

/** DuckDB's parser or the sandbox refused the statement (not one read, files, extensions, settings, writes). */
export class SandboxRefused extends InvalidRequest {
  override readonly code = 'SQL_NOT_ALLOWED';
  constructor(
    message: string,
    readonly position?: ErrorPosition,
  ) {
    super(message);
    this.name = 'SandboxRefused';
  }
}

/** A user has as many queries running or waiting as one may (429). */
export class TooManyQueries extends Error {
  readonly code = 'TOO_MANY_QUERIES';
  readonly statusCode = 429;
  constructor(limit: number) {
    super(`You already have ${limit} ${limit === 1 ? 'query' : 'queries'} running or waiting; wait for one to finish, then try again.`);
    this.name = 'TooManyQueries';
  }
}
