import {
  CreateDataQualityRulesetCommand,
  DeleteDataQualityRulesetCommand,
  GetDataQualityRulesetCommand,
  UpdateDataQualityRulesetCommand,
} from '@aws-sdk/client-glue';
import { orAbsent, type HandlerContext, type ResourceHandler } from './handler';

const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:glue:${ctx.account.region}:${ctx.account.accountId}:dataQualityRuleset/${name}`,
});

export const glueDataQualityRulesetHandler: ResourceHandler = {
  type: 'AWS::Glue::DataQualityRuleset',
  writeOnly: ['Tags'],
  createOnly: ['TargetTable'],

  async read(desired, ctx) {
    const Name = String(desired['Name']);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.glue.send(new GetDataQualityRulesetCommand({ Name })), 'EntityNotFoundException'),
    );
    if (!out) return undefined;
    const target = out.TargetTable;
    return {
      properties: {
        Name: out.Name,
        Description: out.Description ?? '',
        Ruleset: out.Ruleset,
        TargetTable: target && { DatabaseName: target.DatabaseName, TableName: target.TableName },
      },
      attributes: attributes(Name, ctx),
    };
  },

  async create(desired, ctx) {
    const Name = String(desired['Name']);
    await ctx.call(() =>
      ctx.clients.glue.send(
        new CreateDataQualityRulesetCommand({
          Name,
          Description: desired['Description'] as string,
          Ruleset: String(desired['Ruleset']),
          TargetTable: desired['TargetTable'] as never,
          Tags: desired['Tags'] as Record<string, string>,
        }),
      ),
    );
    return attributes(Name, ctx);
  },

  async update(desired, actual, changed, ctx) {
    // The target table cannot be updated: the ruleset is made again for the new table.
    if (changed.includes('TargetTable')) {
      await this.delete(actual, ctx, { force: false, desired });
      return this.create(desired, ctx);
    }
    await ctx.call(() =>
      ctx.clients.glue.send(
        new UpdateDataQualityRulesetCommand({
          Name: String(desired['Name']),
          Description: desired['Description'] as string,
          Ruleset: String(desired['Ruleset']),
        }),
      ),
    );
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.glue.send(new DeleteDataQualityRulesetCommand({ Name: actual.attributes['Ref'] })));
  },
};
