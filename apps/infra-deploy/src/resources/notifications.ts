import { Aws } from 'aws-cdk-lib';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnSubscription, CfnTopic, CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StackConfig } from '../stack-config';
import { stackTags, tagList } from './stack-tags';

export const NOTIFICATION_TOPIC_ID = 'NotificationTopic';

export function notificationTopicName(config: StackConfig): string {
  return `${config.prefix}-notifications`;
}

/**
 * The one topic every alarm (ALARM and OK) and the budget notify, encrypted with the stack's key,
 * with an e-mail subscription per address of the stack config (each confirms by e-mail once).
 */
export function addNotificationTopic(scope: Construct, config: StackConfig, key: CfnKey): CfnTopic {
  const topic = new CfnTopic(scope, NOTIFICATION_TOPIC_ID, {
    topicName: notificationTopicName(config),
    displayName: `Academics data platform (${config.stack})`,
    kmsMasterKeyId: key.attrArn,
    tags: tagList(stackTags(config)),
  });
  config.budget.alertEmails.forEach((address, index) => {
    new CfnSubscription(scope, `NotificationEmail${index + 1}`, { topicArn: topic.ref, protocol: 'email', endpoint: address });
  });
  new CfnTopicPolicy(scope, `${NOTIFICATION_TOPIC_ID}Policy`, {
    topics: [topic.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topic.ref,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'AlarmsAndBudgetsPublish',
          Effect: 'Allow',
          Principal: { Service: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] },
          Action: 'sns:Publish',
          Resource: topic.ref,
          Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        },
      ],
    },
  });
  return topic;
}
