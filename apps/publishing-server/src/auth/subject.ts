import type { Role } from '@acad/access';

/** Who is asking: a token holder (header or session) or, without credentials, the public role. */
export interface Subject {
  user: string;
  role: Role;
  via: 'token' | 'session' | 'anonymous';
  tokenId?: string;
  sessionId?: string;
  /** A browser session's CSRF token, for forms and the page's scripts. */
  csrf?: string;
}

export const ANONYMOUS: Subject = { user: 'anonymous', role: 'public', via: 'anonymous' };
