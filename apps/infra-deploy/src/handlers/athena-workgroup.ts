import {
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  UpdateWorkGroupCommand,
  type WorkGroupConfiguration,
} from '@aws-sdk/client-athena';
import { type HandlerContext, type ResourceHandler } from './handler';

const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:athena:${ctx.account.region}:${ctx.account.accountId}:workgroup/${name}`,
});

/** Athena answers a missing workgroup with InvalidRequestException, not a not-found error. */
function isMissingWorkgroup(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'InvalidRequestException' && /not found/i.test(e.message ?? '');
}

export const athenaWorkGroupHandler: ResourceHandler = {
  type: 'AWS::Athena::WorkGroup',
  writeOnly: ['Tags'],

  async read(desired, ctx) {
    const name = String(desired['Name']);
    let out;
    try {
      out = await ctx.call(() => ctx.clients.athena.send(new GetWorkGroupCommand({ WorkGroup: name })));
    } catch (error) {
      if (isMissingWorkgroup(error)) return undefined;
      throw error;
    }
    const wg = out.WorkGroup;
    if (!wg) return undefined;
    const c = wg.Configuration ?? {};
    const encryption = c.ResultConfiguration?.EncryptionConfiguration;
    return {
      properties: {
        Name: wg.Name,
        Description: wg.Description ?? '',
        State: wg.State,
        WorkGroupConfiguration: {
          ResultConfiguration: {
            OutputLocation: c.ResultConfiguration?.OutputLocation,
            EncryptionConfiguration: encryption && { EncryptionOption: encryption.EncryptionOption, KmsKey: encryption.KmsKey },
          },
          EnforceWorkGroupConfiguration: c.EnforceWorkGroupConfiguration,
          PublishCloudWatchMetricsEnabled: c.PublishCloudWatchMetricsEnabled,
          BytesScannedCutoffPerQuery: c.BytesScannedCutoffPerQuery,
        },
      },
      attributes: attributes(name, ctx),
    };
  },

  async create(desired, ctx) {
    const Name = String(desired['Name']);
    const tags = (desired['Tags'] as { Key: string; Value: string }[] | undefined) ?? [];
    await ctx.call(() =>
      ctx.clients.athena.send(
        new CreateWorkGroupCommand({
          Name,
          Description: desired['Description'] as string,
          Configuration: desired['WorkGroupConfiguration'] as WorkGroupConfiguration,
          Tags: tags,
        }),
      ),
    );
    return attributes(Name, ctx);
  },

  async update(desired, actual, _changed, ctx) {
    const c = desired['WorkGroupConfiguration'] as WorkGroupConfiguration;
    await ctx.call(() =>
      ctx.clients.athena.send(
        new UpdateWorkGroupCommand({
          WorkGroup: String(desired['Name']),
          Description: desired['Description'] as string,
          State: desired['State'] as never,
          ConfigurationUpdates: {
            EnforceWorkGroupConfiguration: c.EnforceWorkGroupConfiguration,
            PublishCloudWatchMetricsEnabled: c.PublishCloudWatchMetricsEnabled,
            BytesScannedCutoffPerQuery: c.BytesScannedCutoffPerQuery,
            ResultConfigurationUpdates: {
              OutputLocation: c.ResultConfiguration?.OutputLocation,
              EncryptionConfiguration: c.ResultConfiguration?.EncryptionConfiguration,
            },
          },
        }),
      ),
    );
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() =>
      ctx.clients.athena.send(new DeleteWorkGroupCommand({ WorkGroup: actual.attributes['Ref'], RecursiveDeleteOption: true })),
    );
  },
};
