import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RoleSchema, type Role } from './roles';

/** Token text: `acad_<id>_<secret>`; the id finds the record, the secret is checked against its hash. */
const TOKEN_TEXT = /^acad_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const TokenRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  user: z.string().regex(USER_NAME),
  role: RoleSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.string(),
  revoked: z.string().nullable(),
});
const TokenFileSchema = z.object({ version: z.literal(1), tokens: z.array(TokenRecordSchema) });

export type ApiTokenRecord = z.infer<typeof TokenRecordSchema>;
/** What may be shown of a token after it was created: never the secret, never the hash. */
export type ApiTokenInfo = Omit<ApiTokenRecord, 'sha256'>;
export interface CreatedApiToken extends ApiTokenInfo {
  /** The token itself: shown once, stored nowhere. */
  token: string;
}
export interface VerifiedApiToken {
  id: string;
  user: string;
  role: Role;
}

export class InvalidTokenRequest extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenRequest';
  }
}

export class UnknownApiToken extends Error {
  readonly code = 'UNKNOWN_TOKEN';
  constructor(readonly id: string) {
    super(`No API token with id ${id}.`);
    this.name = 'UnknownApiToken';
  }
}

/** `<ACAD_HOME>/access/tokens.json`, mode 0600. */
export function apiTokenFile(home: string): string {
  return join(home, 'access', 'tokens.json');
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function readTokens(home: string): ApiTokenRecord[] {
  const file = apiTokenFile(home);
  if (!existsSync(file)) return [];
  return TokenFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).tokens;
}

// Write a sibling file then rename, so a reader never sees half a file; 0600 from the start.
function writeTokens(home: string, tokens: ApiTokenRecord[]): void {
  const file = apiTokenFile(home);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ version: 1, tokens }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** Makes a 256-bit random token for a user and role; only its SHA-256 hash is kept. */
export function createToken(home: string, request: { user: string; role: string; now?: Date }): CreatedApiToken {
  if (!USER_NAME.test(request.user))
    throw new InvalidTokenRequest(`Invalid user name "${request.user.slice(0, 64)}": letters, digits and . _ @ - only, up to 64.`);
  const role = RoleSchema.safeParse(request.role);
  if (!role.success) throw new InvalidTokenRequest(`Unknown role "${request.role.slice(0, 32)}"; one of ${RoleSchema.options.join(', ')}.`);
  const id = randomBytes(8).toString('hex');
  const token = `acad_${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiTokenRecord = {
    id,
    user: request.user,
    role: role.data,
    sha256: sha256(token),
    created: (request.now ?? new Date()).toISOString(),
    revoked: null,
  };
  writeTokens(home, [...readTokens(home), record]);
  const { sha256: _hash, ...info } = record;
  return { ...info, token };
}

/** The user and role of a live token, or null for anything else (malformed, unknown, revoked). */
export function verifyToken(home: string, token: string): VerifiedApiToken | null {
  const match = TOKEN_TEXT.exec(token);
  if (!match) return null;
  const record = readTokens(home).find((t) => t.id === match[1]);
  if (!record || record.revoked !== null) return null;
  const same = timingSafeEqual(Buffer.from(record.sha256, 'hex'), Buffer.from(sha256(token), 'hex'));
  return same ? { id: record.id, user: record.user, role: record.role } : null;
}

export function revokeToken(home: string, id: string, now: Date = new Date()): ApiTokenInfo {
  const tokens = readTokens(home);
  const record = tokens.find((t) => t.id === id);
  if (!record) throw new UnknownApiToken(id);
  if (record.revoked === null) record.revoked = now.toISOString();
  writeTokens(home, tokens);
  const { sha256: _hash, ...info } = record;
  return info;
}

export function listTokens(home: string): ApiTokenInfo[] {
  return readTokens(home).map(({ sha256: _hash, ...info }) => info);
}
