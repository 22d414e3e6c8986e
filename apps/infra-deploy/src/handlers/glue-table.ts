import {
  CreateTableCommand,
  DeleteTableCommand,
  GetTableCommand,
  UpdateTableCommand,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { orAbsent, type HandlerContext, type ResourceHandler } from './handler';

const input = (desired: Record<string, unknown>) => desired['TableInput'] as TableInput;
const attributes = (database: string, name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:glue:${ctx.account.region}:${ctx.account.accountId}:table/${database}/${name}`,
});

/**
 * The parts of a Glue table we manage, in the shape of the desired input. Parameters Glue,
 * Athena or crawlers add are not ours and are left out of the comparison (and kept on update).
 */
function managedView(table: Table, wanted: TableInput): TableInput {
  const sd = table.StorageDescriptor;
  const params = Object.fromEntries(Object.entries(table.Parameters ?? {}).filter(([k]) => k in (wanted.Parameters ?? {})));
  return {
    Name: table.Name,
    Description: table.Description,
    Owner: table.Owner,
    TableType: table.TableType,
    Parameters: params,
    StorageDescriptor: sd && {
      Columns: sd.Columns?.map((c) => ({ Name: c.Name, Type: c.Type, Comment: c.Comment, Parameters: c.Parameters })),
      Location: sd.Location,
      InputFormat: sd.InputFormat,
      OutputFormat: sd.OutputFormat,
      SerdeInfo: sd.SerdeInfo && { SerializationLibrary: sd.SerdeInfo.SerializationLibrary, Parameters: sd.SerdeInfo.Parameters },
    },
    PartitionKeys: table.PartitionKeys?.map((c) => ({ Name: c.Name, Type: c.Type, Comment: c.Comment })) ?? [],
  };
}

export const glueTableHandler: ResourceHandler = {
  type: 'AWS::Glue::Table',

  async read(desired, ctx) {
    const DatabaseName = String(desired['DatabaseName']);
    const Name = String(input(desired).Name);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.glue.send(new GetTableCommand({ DatabaseName, Name })), 'EntityNotFoundException'),
    );
    if (!out?.Table) return undefined;
    return {
      properties: { DatabaseName, TableInput: managedView(out.Table, input(desired)), unmanagedParameters: out.Table.Parameters ?? {} },
      attributes: attributes(DatabaseName, Name, ctx),
    };
  },

  async create(desired, ctx) {
    const DatabaseName = String(desired['DatabaseName']);
    await ctx.call(() => ctx.clients.glue.send(new CreateTableCommand({ DatabaseName, TableInput: input(desired) })));
    return attributes(DatabaseName, String(input(desired).Name), ctx);
  },

  async update(desired, actual, _changed, ctx) {
    const DatabaseName = String(desired['DatabaseName']);
    const existing = actual.properties['unmanagedParameters'] as Record<string, string>;
    const wanted = input(desired);
    const TableInput = { ...wanted, Parameters: { ...existing, ...wanted.Parameters } };
    await ctx.call(() => ctx.clients.glue.send(new UpdateTableCommand({ DatabaseName, TableInput })));
    return actual.attributes;
  },

  async delete(actual, ctx) {
    const DatabaseName = String(actual.properties['DatabaseName']);
    await ctx.call(() => ctx.clients.glue.send(new DeleteTableCommand({ DatabaseName, Name: actual.attributes['Ref'] })));
  },
};
