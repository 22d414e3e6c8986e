import type { Resource } from '../resource';
import type { StackConfig } from '../stack-config';

export function budgetName(config: StackConfig): string {
  return `${config.prefix}-monthly`;
}

/**
 * A monthly cost budget over the stack's tagged resources (the `acad:prefix` cost allocation tag
 * must be activated in Billing), with e-mail alerts at 80 % actual and 100 % forecast spend.
 */
export function budgetResources(config: StackConfig): Resource[] {
  const subscribers = config.budget.alertEmails.map((Address) => ({ SubscriptionType: 'EMAIL', Address }));
  const notification = (NotificationType: 'ACTUAL' | 'FORECASTED', Threshold: number) => ({
    Notification: { NotificationType, ComparisonOperator: 'GREATER_THAN', Threshold, ThresholdType: 'PERCENTAGE' },
    Subscribers: subscribers,
  });
  return [
    {
      type: 'AWS::Budgets::Budget',
      id: 'MonthlyBudget',
      properties: {
        Budget: {
          BudgetName: budgetName(config),
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: config.budget.monthlyLimitUsd.toFixed(2), Unit: 'USD' },
          CostFilters: { TagKeyValue: [`user:acad:prefix$${config.prefix}`] },
        },
        NotificationsWithSubscribers: [notification('ACTUAL', 80), notification('FORECASTED', 100)],
      },
      dependsOn: [],
    },
  ];
}
