import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RoleSchema, type Role } from '@acad/access';

export const SESSION_COOKIE = 'acad_session';
export const SIGN_IN_CSRF_COOKIE = 'acad_signin_csrf';

const SessionSchema = z.object({
  id: z.string(),
  user: z.string(),
  role: RoleSchema,
  /** How the person signed in: pasting an API token (revoking it ends the session) or single sign-on. */
  via: z.enum(['token', 'oidc']),
  tokenId: z.string().optional(),
  csrf: z.string(),
  expiresAt: z.number(),
});

export type Session = z.infer<typeof SessionSchema>;

/** What a cookie turned out to hold. */
export type OpenedSession = { state: 'live'; session: Session } | { state: 'expired' } | { state: 'invalid' };

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Browser sessions live in the cookie itself: the session (who, role, CSRF token, expiry) as JSON
 * sealed with AES-256-GCM, and the cookie then signed by @fastify/cookie (HMAC), each with its own
 * key derived from one secret (ACAD_SESSION_SECRET, or a random one per process). Nothing is kept on
 * the server but the ids of sessions signed out before their expiry, until then.
 */
export class SessionCookies {
  readonly signingKey: Buffer;
  readonly ttlMs: number;
  private readonly sealingKey: Buffer;
  private readonly signedOut = new Map<string, number>();

  constructor(secret: string | undefined, ttlHours: number) {
    const root = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
    this.sealingKey = Buffer.from(hkdfSync('sha256', root, 'acad-session', 'seal', 32));
    this.signingKey = Buffer.from(hkdfSync('sha256', root, 'acad-session', 'sign', 32));
    this.ttlMs = ttlHours * 60 * 60 * 1000;
  }

  create(identity: { user: string; role: Role; via: Session['via']; tokenId?: string }, now = Date.now()): Session {
    return {
      ...identity,
      id: randomBytes(16).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: now + this.ttlMs,
    };
  }

  /** The cookie value (before signing): the session, encrypted and authenticated. */
  seal(value: object, purpose = 'session'): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The sealed value back, or undefined when it was not sealed here for this purpose. */
  unseal(sealed: string, purpose = 'session'): unknown {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES + 2) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealingKey, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  open(sealed: string, now = Date.now()): OpenedSession {
    const parsed = SessionSchema.safeParse(this.unseal(sealed));
    if (!parsed.success || this.signedOut.has(parsed.data.id)) return { state: 'invalid' };
    if (parsed.data.expiresAt <= now) return { state: 'expired' };
    return { state: 'live', session: parsed.data };
  }

  /** Sign-out: the cookie is cleared, and a copy of it kept elsewhere stops working too. */
  signOut(session: Pick<Session, 'id' | 'expiresAt'>, now = Date.now()): void {
    for (const [id, expiresAt] of this.signedOut) if (expiresAt <= now) this.signedOut.delete(id);
    this.signedOut.set(session.id, session.expiresAt);
  }
}
