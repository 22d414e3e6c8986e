import { DeleteDashboardsCommand, GetDashboardCommand, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { canonical, orAbsent, type HandlerContext, type Properties, type ResourceHandler } from './handler';

const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:cloudwatch::${ctx.account.accountId}:dashboard/${name}`,
});

async function put(desired: Properties, ctx: HandlerContext) {
  const DashboardName = String(desired['DashboardName']);
  await ctx.call(() =>
    ctx.clients.cloudwatch.send(new PutDashboardCommand({ DashboardName, DashboardBody: String(desired['DashboardBody']) })),
  );
  return attributes(DashboardName, ctx);
}

export const cloudWatchDashboardHandler: ResourceHandler = {
  type: 'AWS::CloudWatch::Dashboard',

  async read(desired, ctx) {
    const DashboardName = String(desired['DashboardName']);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.cloudwatch.send(new GetDashboardCommand({ DashboardName })), 'ResourceNotFound', 'DashboardNotFoundError'),
    );
    if (!out) return undefined;
    return {
      properties: { DashboardName, DashboardBody: out.DashboardBody },
      attributes: { Ref: DashboardName, Arn: out.DashboardArn ?? attributes(DashboardName, ctx).Arn },
    };
  },

  // The body is JSON text; CloudWatch may hand it back with other spacing or key order.
  diff(desired, actual) {
    const body = (p: Properties) => canonical(JSON.parse(String(p['DashboardBody'] ?? 'null')));
    return body(desired) === body(actual.properties) ? [] : ['DashboardBody'];
  },

  create: (desired, ctx) => put(desired, ctx),
  update: (desired, _actual, _changed, ctx) => put(desired, ctx),

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: [actual.attributes['Ref']] })));
  },
};
