import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  DeleteBudgetCommand,
  DeleteNotificationCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  UpdateBudgetCommand,
  type Budget,
  type Notification,
  type NotificationWithSubscribers,
} from '@aws-sdk/client-budgets';
import { orAbsent, type HandlerContext, type Properties, type ResourceHandler } from './handler';

const budgetOf = (p: Properties) => p['Budget'] as Budget;
const notificationsOf = (p: Properties) => (p['NotificationsWithSubscribers'] as NotificationWithSubscribers[] | undefined) ?? [];
const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:budgets::${ctx.account.accountId}:budget/${name}`,
});

/** Budgets hands amounts back as "50.0"; two decimals like the desired value. */
function budgetView(budget: Budget): Budget {
  return {
    BudgetName: budget.BudgetName,
    BudgetType: budget.BudgetType,
    TimeUnit: budget.TimeUnit,
    BudgetLimit: budget.BudgetLimit && { Amount: Number(budget.BudgetLimit.Amount).toFixed(2), Unit: budget.BudgetLimit.Unit },
    CostFilters: budget.CostFilters,
  };
}

function notificationView(n: Notification): Notification {
  return {
    NotificationType: n.NotificationType,
    ComparisonOperator: n.ComparisonOperator,
    Threshold: n.Threshold,
    ThresholdType: n.ThresholdType,
  };
}

const byType = (a: NotificationWithSubscribers, b: NotificationWithSubscribers) =>
  `${a.Notification?.NotificationType}`.localeCompare(`${b.Notification?.NotificationType}`);

export const budgetHandler: ResourceHandler = {
  type: 'AWS::Budgets::Budget',

  async read(desired, ctx) {
    const AccountId = ctx.account.accountId;
    const BudgetName = String(budgetOf(desired).BudgetName);
    const out = await ctx.call(() =>
      orAbsent(() => ctx.clients.budgets.send(new DescribeBudgetCommand({ AccountId, BudgetName })), 'NotFoundException'),
    );
    if (!out?.Budget) return undefined;
    const listed = await ctx.call(() => ctx.clients.budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName })));
    const notifications: NotificationWithSubscribers[] = [];
    for (const notification of listed.Notifications ?? []) {
      const subs = await ctx.call(() =>
        ctx.clients.budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId, BudgetName, Notification: notification })),
      );
      notifications.push({
        Notification: notificationView(notification),
        Subscribers: (subs.Subscribers ?? []).map((s) => ({ SubscriptionType: s.SubscriptionType, Address: s.Address })),
      });
    }
    return {
      properties: { Budget: budgetView(out.Budget), NotificationsWithSubscribers: notifications.sort(byType) },
      attributes: attributes(BudgetName, ctx),
    };
  },

  diff(desired, actual) {
    const changed: string[] = [];
    if (JSON.stringify(budgetView(budgetOf(desired))) !== JSON.stringify(budgetOf(actual.properties))) changed.push('Budget');
    if (JSON.stringify([...notificationsOf(desired)].sort(byType)) !== JSON.stringify(notificationsOf(actual.properties)))
      changed.push('NotificationsWithSubscribers');
    return changed;
  },

  async create(desired, ctx) {
    const budget = budgetOf(desired);
    await ctx.call(() =>
      ctx.clients.budgets.send(
        new CreateBudgetCommand({
          AccountId: ctx.account.accountId,
          Budget: budget,
          NotificationsWithSubscribers: notificationsOf(desired),
        }),
      ),
    );
    return attributes(String(budget.BudgetName), ctx);
  },

  async update(desired, actual, changed, ctx) {
    const AccountId = ctx.account.accountId;
    const BudgetName = String(budgetOf(desired).BudgetName);
    if (changed.includes('Budget'))
      await ctx.call(() => ctx.clients.budgets.send(new UpdateBudgetCommand({ AccountId, NewBudget: budgetOf(desired) })));
    if (changed.includes('NotificationsWithSubscribers')) {
      // Notifications are keyed by their own fields; replacing them is the only way to change one.
      for (const existing of notificationsOf(actual.properties)) {
        await ctx.call(() =>
          ctx.clients.budgets.send(new DeleteNotificationCommand({ AccountId, BudgetName, Notification: existing.Notification })),
        );
      }
      for (const wanted of notificationsOf(desired)) {
        await ctx.call(() =>
          ctx.clients.budgets.send(
            new CreateNotificationCommand({ AccountId, BudgetName, Notification: wanted.Notification, Subscribers: wanted.Subscribers }),
          ),
        );
      }
    }
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() =>
      ctx.clients.budgets.send(new DeleteBudgetCommand({ AccountId: ctx.account.accountId, BudgetName: actual.attributes['Ref'] })),
    );
  },
};
