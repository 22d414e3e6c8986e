import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import type { Construct } from 'constructs';
import type { StackConfig } from '../stack-config';

export function budgetName(config: StackConfig): string {
  return `${config.prefix}-monthly`;
}

/**
 * A monthly cost budget over the stack's tagged resources (the `acad:prefix` cost allocation tag
 * must be activated in Billing), notifying the stack's topic at 80 % actual and 100 % forecast spend.
 */
export function addBudget(scope: Construct, config: StackConfig, topicArn: string): CfnBudget {
  const notification = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
    notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
    subscribers: [{ subscriptionType: 'SNS', address: topicArn }],
  });
  return new CfnBudget(scope, 'MonthlyBudget', {
    budget: {
      budgetName: budgetName(config),
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      budgetLimit: { amount: config.budget.monthlyLimitUsd, unit: 'USD' },
      costFilters: { TagKeyValue: [`user:acad:prefix$${config.prefix}`] },
    },
    notificationsWithSubscribers: [notification('ACTUAL', 80), notification('FORECASTED', 100)],
  });
}
