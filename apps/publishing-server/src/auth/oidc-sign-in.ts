import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Role } from '@acad/access';

export interface OidcSignInOptions {
  issuer: URL;
  clientId: string;
  /** Left out: a public client, whose proof is PKCE alone. */
  clientSecret?: string;
  redirectUrl: URL;
  /** The claim holding the user's groups (ID token or userinfo). */
  groupsClaim: string;
  /** Group → role; a person whose groups map to none is refused. */
  roleMap: Readonly<Record<string, Role>>;
}

/** What the browser carries between leaving for the provider and coming back (sealed in a cookie). */
export const OidcTransactionSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  next: z.string().optional(),
});
export type OidcTransaction = z.infer<typeof OidcTransactionSchema>;

export interface OidcIdentity {
  user: string;
  groups: string[];
  /** The role the groups map to, undefined when none does. */
  role: Role | undefined;
}

// A person in several mapped groups gets the widest of their roles.
const ROLE_ORDER: readonly Role[] = ['admin', 'registrar', 'analyst', 'viewer', 'public'];

export function roleForGroups(groups: readonly string[], roleMap: Readonly<Record<string, Role>>): Role | undefined {
  const roles = groups.map((g) => roleMap[g]).filter((r): r is Role => r !== undefined);
  return roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))[0];
}

const groupsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : typeof value === 'string' ? [value] : [];

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * OpenID Connect sign-in by openid-client: authorization code with PKCE (S256), state and nonce
 * checked on return, the provider's metadata discovered on first use (and again after a failure).
 */
export class OidcSignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly options: OidcSignInOptions) {}

  /** Where to send the browser, and what it must bring back. */
  async start(next: string | undefined): Promise<{ url: URL; transaction: OidcTransaction }> {
    const config = await this.config();
    const transaction: OidcTransaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      next,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUrl.href,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url, transaction };
  }

  /** Redeems the code the provider sent back; throws on a provider error, a wrong state or nonce. */
  async finish(callbackQuery: string, transaction: OidcTransaction): Promise<OidcIdentity> {
    const config = await this.config();
    // The URL the provider redirected to: the configured one (the server may sit behind a proxy), with the query it sent.
    const current = new URL(this.options.redirectUrl.href);
    current.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: transaction.verifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('The provider returned no ID token');
    // Providers put groups in the ID token, the userinfo answer, or both.
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    const claims: Record<string, unknown> = { ...userInfo, ...idClaims };
    const groups = [...new Set([...groupsOf(idClaims[this.options.groupsClaim]), ...groupsOf(userInfo[this.options.groupsClaim])])];
    // A user name for the audit log, not an e-mail address: preferred_username, else the subject id.
    const user = typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : idClaims.sub;
    return { user, groups, role: roleForGroups(groups, this.options.roleMap) };
  }

  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret } = this.options;
      const found = oidc.discovery(
        issuer,
        clientId,
        clientSecret,
        clientSecret ? oidc.ClientSecretPost(clientSecret) : oidc.None(),
        // Plain HTTP only for a provider on this machine (development and tests).
        issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      found.catch(() => (this.configuration = undefined));
      this.configuration = found;
    }
    return this.configuration;
  }
}
