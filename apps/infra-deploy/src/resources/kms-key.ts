import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { StackConfig } from '../stack-config';
import { removalTag, stackTags, tagList } from './stack-tags';

export const DATA_KEY_ID = 'DataKey';

/** Apps name the key by its alias (ACAD_KMS_KEY_ID=alias/<prefix>-data). */
export function keyAliasName(config: StackConfig): string {
  return `alias/${config.prefix}-data`;
}

/**
 * The customer managed key that encrypts every bucket (SSE-KMS), wraps data keys and encrypts the
 * notification topic. Retained when the stack is deleted (without it nothing written is readable),
 * unless `destroy --force` asks otherwise.
 */
export function addDataKey(scope: Construct, config: StackConfig, removal: RemovalPolicy): CfnKey {
  const key = new CfnKey(scope, DATA_KEY_ID, {
    description: `Academics data platform data key (${config.prefix}, ${config.stack})`,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    enableKeyRotation: true,
    // Yearly: KMS keeps old key material, so nothing needs re-encrypting.
    rotationPeriodInDays: 365,
    pendingWindowInDays: config.kmsPendingWindowDays,
    keyPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          // Without this the account could lose control of the key; IAM policies grant the rest.
          Sid: 'AccountRootAdministersKey',
          Effect: 'Allow',
          Principal: { AWS: Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          // Alarms and budgets publish to the encrypted notification topic; SNS asks KMS on their behalf.
          Sid: 'NotifiersUseKeyForTopic',
          Effect: 'Allow',
          Principal: { Service: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        },
        {
          // The publishing server's log group is encrypted with this key too.
          Sid: 'CloudWatchLogsUseKeyForStackLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${config.region}.amazonaws.com` },
          Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': Fn.sub(
                `arn:\${AWS::Partition}:logs:${config.region}:\${AWS::AccountId}:log-group:/acad/${config.prefix}/*`,
              ),
            },
          },
        },
      ],
    },
    tags: tagList({ ...stackTags(config), ...removalTag(removal) }),
  });
  key.applyRemovalPolicy(removal);
  new CfnAlias(scope, `${DATA_KEY_ID}Alias`, { aliasName: keyAliasName(config), targetKeyId: key.ref });
  return key;
}
