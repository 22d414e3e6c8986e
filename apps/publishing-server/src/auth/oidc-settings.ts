import type { Settings } from '@acad/config';
import { OidcSignIn } from './oidc-sign-in';

/** Single sign-on from the settings (the composition root's part): none without an issuer. */
export function oidcSignInFrom(settings: Settings): OidcSignIn | undefined {
  const { oidcIssuer, oidcClientId, oidcClientSecret, oidcRedirectUrl, oidcGroupsClaim, oidcRoleMap } = settings;
  if (!oidcIssuer || !oidcClientId || !oidcRedirectUrl) return undefined;
  return new OidcSignIn({
    issuer: new URL(oidcIssuer),
    clientId: oidcClientId,
    clientSecret: oidcClientSecret,
    redirectUrl: new URL(oidcRedirectUrl),
    groupsClaim: oidcGroupsClaim,
    roleMap: oidcRoleMap,
  });
}
