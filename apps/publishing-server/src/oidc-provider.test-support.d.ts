// oidc-provider ships no types and @types/oidc-provider is not installed: the little the SSO test uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, sub: string) => Account });
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
