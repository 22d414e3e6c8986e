import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { ReplacementRequired } from '../deploy-errors';
import { orAbsent, type HandlerContext, type Properties, type ResourceHandler } from './handler';

interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

const policiesOf = (p: Properties) => (p['Policies'] as InlinePolicy[] | undefined) ?? [];
/** IAM returns policy documents URL-encoded. */
const decode = (document: string | undefined) => (document ? (JSON.parse(decodeURIComponent(document)) as unknown) : undefined);

async function putPolicies(roleName: string, policies: readonly InlinePolicy[], ctx: HandlerContext): Promise<void> {
  for (const policy of policies) {
    await ctx.call(() =>
      ctx.clients.iam.send(
        new PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: policy.PolicyName,
          PolicyDocument: JSON.stringify(policy.PolicyDocument),
        }),
      ),
    );
  }
}

export const iamRoleHandler: ResourceHandler = {
  type: 'AWS::IAM::Role',
  writeOnly: ['Tags'],
  createOnly: ['Path'],

  async read(desired, ctx) {
    const RoleName = String(desired['RoleName']);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.iam.send(new GetRoleCommand({ RoleName })), 'NoSuchEntityException', 'NoSuchEntity'),
    );
    if (!out?.Role) return undefined;
    const policies: InlinePolicy[] = [];
    for (const wanted of policiesOf(desired)) {
      const policy = await ctx.call(() =>
        orAbsent(
          () => ctx.clients.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: wanted.PolicyName })),
          'NoSuchEntityException',
          'NoSuchEntity',
        ),
      );
      if (policy) policies.push({ PolicyName: wanted.PolicyName, PolicyDocument: decode(policy.PolicyDocument) });
    }
    const role = out.Role;
    return {
      properties: {
        RoleName,
        Path: role.Path,
        Description: role.Description ?? '',
        AssumeRolePolicyDocument: decode(role.AssumeRolePolicyDocument),
        Policies: policies,
      },
      attributes: { Ref: RoleName, Arn: role.Arn ?? '' },
    };
  },

  async create(desired, ctx) {
    const RoleName = String(desired['RoleName']);
    const out = await ctx.call(() =>
      ctx.clients.iam.send(
        new CreateRoleCommand({
          RoleName,
          Path: desired['Path'] as string,
          Description: desired['Description'] as string,
          AssumeRolePolicyDocument: JSON.stringify(desired['AssumeRolePolicyDocument']),
          Tags: desired['Tags'] as { Key: string; Value: string }[],
        }),
      ),
    );
    await putPolicies(RoleName, policiesOf(desired), ctx);
    return {
      Ref: RoleName,
      Arn: out.Role?.Arn ?? `arn:${ctx.account.partition}:iam::${ctx.account.accountId}:role${String(desired['Path'] ?? '/')}${RoleName}`,
    };
  },

  async update(desired, actual, changed, ctx) {
    const RoleName = String(desired['RoleName']);
    if (changed.includes('Path')) throw new ReplacementRequired(RoleName, ['Path']);
    if (changed.includes('AssumeRolePolicyDocument')) {
      await ctx.call(() =>
        ctx.clients.iam.send(
          new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(desired['AssumeRolePolicyDocument']) }),
        ),
      );
    }
    if (changed.includes('Description'))
      await ctx.call(() => ctx.clients.iam.send(new UpdateRoleCommand({ RoleName, Description: desired['Description'] as string })));
    if (changed.includes('Policies')) await putPolicies(RoleName, policiesOf(desired), ctx);
    return actual.attributes;
  },

  async delete(actual, ctx) {
    const RoleName = actual.attributes['Ref'];
    // A role with inline policies cannot be deleted; remove every one, ours or not.
    const listed = await ctx.call(() => ctx.clients.iam.send(new ListRolePoliciesCommand({ RoleName })));
    for (const PolicyName of listed.PolicyNames ?? []) {
      await ctx.call(() => ctx.clients.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
    }
    await ctx.call(() => ctx.clients.iam.send(new DeleteRoleCommand({ RoleName })));
  },
};
