/** A request the server will not run as asked (400): names the parameter, never a value from the data. */
export class InvalidRequest extends Error {
  readonly code: string = 'INVALID_REQUEST';
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequest';
  }
}

export class NotFound extends Error {
  readonly code = 'NOT_FOUND';
  readonly statusCode = 404;
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

/** No credentials where credentials are needed, or a bad CSRF token (401 / 403). */
/** A browser session past its expiry: pages answer with the sign-in form, saying so. */
export class SessionExpired extends Error {
  readonly code = 'SESSION_EXPIRED';
  readonly statusCode = 401;
  constructor() {
    super('Your session has expired. Sign in again.');
    this.name = 'SessionExpired';
  }
}

export class NotAuthenticated extends Error {
  readonly code = 'NOT_AUTHENTICATED';
  readonly statusCode = 401;
  constructor(message = 'Sign in first: an API token in "Authorization: Bearer <token>" or a session from /sign-in.') {
    super(message);
    this.name = 'NotAuthenticated';
  }
}

export class CsrfRejected extends Error {
  readonly code = 'CSRF_REJECTED';
  readonly statusCode = 403;
  constructor() {
    super('Missing or wrong CSRF token for a state-changing request; reload the page and try again.');
    this.name = 'CsrfRejected';
  }
}
