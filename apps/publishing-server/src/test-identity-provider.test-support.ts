import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const TEST_CLIENT = { id: 'acad', secret: 'a-client-secret-of-the-test-provider' };

/** A free loopback port: the issuer and the redirect URL name theirs before either server starts. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * An OpenID provider on loopback (oidc-provider with its own login and consent pages) whose people
 * carry the given groups, and a client for the app's callback at `base`.
 */
export async function startTestProvider(issuer: string, base: string, groups: Record<string, string[]>): Promise<Server> {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [`${base}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['preferred_username', 'groups'] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub, groups: groups[sub] ?? [] }) }),
    cookies: { keys: ['a-cookie-key-of-the-test-provider'] },
    ttl: { Grant: 600, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 600 },
    features: { devInteractions: { enabled: true } },
  });
  const idp = createServer(provider.callback());
  await new Promise<void>((resolve) => idp.listen(Number(new URL(issuer).port), '127.0.0.1', resolve));
  return idp;
}

/** Closes the provider, its kept-alive connections first. */
export async function stopTestProvider(idp: Server | undefined): Promise<void> {
  idp?.closeAllConnections();
  await new Promise((resolve) => idp?.close(resolve));
}
