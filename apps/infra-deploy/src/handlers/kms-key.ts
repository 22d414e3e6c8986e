import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { ReplacementRequired } from '../deploy-errors';
import { findAlias } from './kms-aliases';
import type { Properties, ResourceHandler } from './handler';

/**
 * A key has no name; it is found through its alias (the synthesized `AliasName` property). `create` adds the alias at once, so a key is never left
 * unfindable by a failure between the two.
 */
export const kmsKeyHandler: ResourceHandler = {
  type: 'AWS::KMS::Key',
  writeOnly: ['PendingWindowInDays', 'Tags', 'AliasName'],
  createOnly: ['KeySpec', 'KeyUsage'],

  async read(desired, ctx) {
    const alias = await findAlias(String(desired['AliasName']), ctx);
    if (!alias?.TargetKeyId) return undefined;
    const KeyId = alias.TargetKeyId;
    const { KeyMetadata: key } = await ctx.call(() => ctx.clients.kms.send(new DescribeKeyCommand({ KeyId })));
    // A key waiting for deletion is gone for our purposes; a new one is created and the alias moved.
    if (!key || key.KeyState === 'PendingDeletion' || key.KeyState === 'PendingReplicaDeletion') return undefined;
    const rotation = await ctx.call(() => ctx.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId })));
    const policy = await ctx.call(() => ctx.clients.kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })));
    const properties: Properties = {
      Description: key.Description ?? '',
      KeySpec: key.KeySpec,
      KeyUsage: key.KeyUsage,
      EnableKeyRotation: rotation.KeyRotationEnabled ?? false,
      ...(rotation.RotationPeriodInDays !== undefined ? { RotationPeriodInDays: rotation.RotationPeriodInDays } : {}),
      KeyPolicy: policy.Policy ? (JSON.parse(policy.Policy) as unknown) : undefined,
    };
    return { properties, attributes: { Ref: key.KeyId ?? KeyId, Arn: key.Arn ?? '' } };
  },

  async create(desired, ctx) {
    const tags = (desired['Tags'] as { Key: string; Value: string }[] | undefined) ?? [];
    const created = await ctx.call(() =>
      ctx.clients.kms.send(
        new CreateKeyCommand({
          Description: String(desired['Description']),
          KeySpec: desired['KeySpec'] as never,
          KeyUsage: desired['KeyUsage'] as never,
          Policy: JSON.stringify(desired['KeyPolicy']),
          Tags: tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
        }),
      ),
    );
    const KeyId = created.KeyMetadata?.KeyId ?? '';
    await ctx.call(() => ctx.clients.kms.send(new CreateAliasCommand({ AliasName: String(desired['AliasName']), TargetKeyId: KeyId })));
    if (desired['EnableKeyRotation']) {
      await ctx.call(() =>
        ctx.clients.kms.send(
          new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: desired['RotationPeriodInDays'] as number | undefined }),
        ),
      );
    }
    return { Ref: KeyId, Arn: created.KeyMetadata?.Arn ?? '' };
  },

  async update(desired, actual, changed, ctx) {
    const KeyId = actual.attributes['Ref'];
    const replaced = changed.filter((p) => this.createOnly?.includes(p));
    if (replaced.length > 0) throw new ReplacementRequired('DataKey', replaced);
    if (changed.includes('Description')) {
      await ctx.call(() => ctx.clients.kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: String(desired['Description']) })));
    }
    if (changed.includes('EnableKeyRotation') || changed.includes('RotationPeriodInDays')) {
      await ctx.call(() =>
        ctx.clients.kms.send(
          new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: desired['RotationPeriodInDays'] as number | undefined }),
        ),
      );
    }
    if (changed.includes('KeyPolicy')) {
      await ctx.call(() =>
        ctx.clients.kms.send(new PutKeyPolicyCommand({ KeyId, PolicyName: 'default', Policy: JSON.stringify(desired['KeyPolicy']) })),
      );
    }
    return actual.attributes;
  },

  async refuseDelete(_actual, _ctx, { force }) {
    return force ? undefined : 'deleting the data key makes every encrypted object unreadable';
  },

  /** Never deleted at once: scheduled, recoverable for the pending window. */
  async delete(actual, ctx, { desired }) {
    const window = Number(desired['PendingWindowInDays'] ?? 30);
    await ctx.call(() =>
      ctx.clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId: actual.attributes['Ref'], PendingWindowInDays: window })),
    );
  },
};
