import { CreateAliasCommand, DeleteAliasCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { findAlias } from './kms-aliases';
import type { ResourceHandler } from './handler';

export const kmsAliasHandler: ResourceHandler = {
  type: 'AWS::KMS::Alias',

  async read(desired, ctx) {
    const alias = await findAlias(String(desired['AliasName']), ctx);
    if (!alias) return undefined;
    return {
      properties: { AliasName: alias.AliasName, TargetKeyId: alias.TargetKeyId },
      attributes: { Ref: alias.AliasName ?? '', Arn: alias.AliasArn ?? '' },
    };
  },

  async create(desired, ctx) {
    const AliasName = String(desired['AliasName']);
    await ctx.call(() => ctx.clients.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: String(desired['TargetKeyId']) })));
    return { Ref: AliasName, Arn: `arn:${ctx.account.partition}:kms:${ctx.account.region}:${ctx.account.accountId}:${AliasName}` };
  },

  async update(desired, actual, _changed, ctx) {
    await ctx.call(() =>
      ctx.clients.kms.send(
        new UpdateAliasCommand({ AliasName: String(desired['AliasName']), TargetKeyId: String(desired['TargetKeyId']) }),
      ),
    );
    return actual.attributes;
  },

  async refuseDelete(_actual, _ctx, { force }) {
    return force ? undefined : 'the alias is how the platform finds its data key';
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.kms.send(new DeleteAliasCommand({ AliasName: String(actual.properties['AliasName']) })));
  },
};
