import { ListAliasesCommand, type AliasListEntry } from '@aws-sdk/client-kms';
import type { HandlerContext } from './handler';

/** The alias entry named `aliasName`, reading every page of ListAliases. */
export async function findAlias(aliasName: string, ctx: HandlerContext): Promise<AliasListEntry | undefined> {
  let Marker: string | undefined;
  do {
    const page = await ctx.call(() => ctx.clients.kms.send(new ListAliasesCommand({ Marker })));
    const found = page.Aliases?.find((a) => a.AliasName === aliasName);
    if (found) return found;
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return undefined;
}
