import { CreateRulesetCommand, DeleteRulesetCommand, DescribeRulesetCommand, UpdateRulesetCommand } from '@aws-sdk/client-databrew';
import { dataBrewArn } from './databrew-dataset';
import { orAbsent, type ResourceHandler } from './handler';

export const dataBrewRulesetHandler: ResourceHandler = {
  type: 'AWS::DataBrew::Ruleset',
  writeOnly: ['Tags'],
  createOnly: ['TargetArn'],

  async read(desired, ctx) {
    const Name = String(desired['Name']);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.databrew.send(new DescribeRulesetCommand({ Name })), 'ResourceNotFoundException'),
    );
    if (!out) return undefined;
    return {
      properties: { Name: out.Name, Description: out.Description ?? '', TargetArn: out.TargetArn, Rules: out.Rules ?? [] },
      attributes: { Ref: Name, Arn: out.ResourceArn ?? dataBrewArn('ruleset', Name, ctx) },
    };
  },

  async create(desired, ctx) {
    const Name = String(desired['Name']);
    await ctx.call(() =>
      ctx.clients.databrew.send(
        new CreateRulesetCommand({
          Name,
          Description: desired['Description'] as string,
          TargetArn: String(desired['TargetArn']),
          Rules: desired['Rules'] as never,
          Tags: desired['Tags'] as Record<string, string>,
        }),
      ),
    );
    return { Ref: Name, Arn: dataBrewArn('ruleset', Name, ctx) };
  },

  async update(desired, actual, changed, ctx) {
    if (changed.includes('TargetArn')) {
      await this.delete(actual, ctx, { force: false, desired });
      return this.create(desired, ctx);
    }
    await ctx.call(() =>
      ctx.clients.databrew.send(
        new UpdateRulesetCommand({
          Name: String(desired['Name']),
          Description: desired['Description'] as string,
          Rules: desired['Rules'] as never,
        }),
      ),
    );
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.databrew.send(new DeleteRulesetCommand({ Name: actual.attributes['Ref'] })));
  },
};
