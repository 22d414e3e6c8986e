import { CreateDatasetCommand, DeleteDatasetCommand, DescribeDatasetCommand, UpdateDatasetCommand } from '@aws-sdk/client-databrew';
import { orAbsent, type HandlerContext, type ResourceHandler } from './handler';

export function dataBrewArn(kind: 'dataset' | 'ruleset' | 'job', name: string, ctx: HandlerContext): string {
  return `arn:${ctx.account.partition}:databrew:${ctx.account.region}:${ctx.account.accountId}:${kind}/${name}`;
}

export const dataBrewDatasetHandler: ResourceHandler = {
  type: 'AWS::DataBrew::Dataset',
  writeOnly: ['Tags'],

  async read(desired, ctx) {
    const Name = String(desired['Name']);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.databrew.send(new DescribeDatasetCommand({ Name })), 'ResourceNotFoundException'),
    );
    if (!out) return undefined;
    const catalog = out.Input?.DataCatalogInputDefinition;
    return {
      properties: {
        Name: out.Name,
        Input: catalog ? { DataCatalogInputDefinition: { DatabaseName: catalog.DatabaseName, TableName: catalog.TableName } } : out.Input,
      },
      attributes: { Ref: Name, Arn: out.ResourceArn ?? dataBrewArn('dataset', Name, ctx) },
    };
  },

  async create(desired, ctx) {
    const Name = String(desired['Name']);
    await ctx.call(() =>
      ctx.clients.databrew.send(
        new CreateDatasetCommand({ Name, Input: desired['Input'] as never, Tags: desired['Tags'] as Record<string, string> }),
      ),
    );
    return { Ref: Name, Arn: dataBrewArn('dataset', Name, ctx) };
  },

  async update(desired, actual, _changed, ctx) {
    await ctx.call(() =>
      ctx.clients.databrew.send(new UpdateDatasetCommand({ Name: String(desired['Name']), Input: desired['Input'] as never })),
    );
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.databrew.send(new DeleteDatasetCommand({ Name: actual.attributes['Ref'] })));
  },
};
