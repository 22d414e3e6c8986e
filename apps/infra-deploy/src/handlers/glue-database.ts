import {
  CreateDatabaseCommand,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  UpdateDatabaseCommand,
  type DatabaseInput,
} from '@aws-sdk/client-glue';
import { orAbsent, type HandlerContext, type ResourceHandler } from './handler';

const input = (desired: Record<string, unknown>) => desired['DatabaseInput'] as DatabaseInput;
const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:glue:${ctx.account.region}:${ctx.account.accountId}:database/${name}`,
});

export const glueDatabaseHandler: ResourceHandler = {
  type: 'AWS::Glue::Database',

  async read(desired, ctx) {
    const Name = String(input(desired).Name);
    const out = await ctx.call(() => orAbsent(() => ctx.clients.glue.send(new GetDatabaseCommand({ Name })), 'EntityNotFoundException'));
    if (!out?.Database) return undefined;
    const wanted = input(desired);
    const db = out.Database;
    const actual: DatabaseInput = {
      Name: db.Name,
      Description: db.Description ?? '',
      ...(wanted.LocationUri !== undefined ? { LocationUri: db.LocationUri } : {}),
    };
    return { properties: { DatabaseInput: actual }, attributes: attributes(Name, ctx) };
  },

  async create(desired, ctx) {
    await ctx.call(() => ctx.clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: input(desired) })));
    return attributes(String(input(desired).Name), ctx);
  },

  async update(desired, actual, _changed, ctx) {
    await ctx.call(() =>
      ctx.clients.glue.send(new UpdateDatabaseCommand({ Name: String(input(desired).Name), DatabaseInput: input(desired) })),
    );
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.glue.send(new DeleteDatabaseCommand({ Name: actual.attributes['Ref'] })));
  },
};
