import { ref, tagList, type Resource } from '../resource';
import type { StackConfig } from '../stack-config';
import { stackTags } from './stack-tags';

export const DATA_KEY_ID = 'DataKey';

/** How the deployer finds the key again: a key has no name, its alias does. */
export function keyAliasName(config: StackConfig): string {
  return `alias/${config.prefix}-data`;
}

/** The customer managed key that encrypts every bucket (SSE-KMS) and wraps data keys. */
export function kmsResources(config: StackConfig): Resource[] {
  const key: Resource = {
    type: 'AWS::KMS::Key',
    id: DATA_KEY_ID,
    properties: {
      Description: `Academics data platform data key (${config.prefix}, ${config.stack})`,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
      // Yearly: KMS keeps old key material, so nothing needs re-encrypting.
      RotationPeriodInDays: 365,
      PendingWindowInDays: config.kmsPendingWindowDays,
      // Not a KMS property: how the deployer finds the key again (keys have no name).
      AliasName: keyAliasName(config),
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            // Without this the account could lose control of the key; IAM policies grant the rest.
            Sid: 'AccountRootAdministersKey',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      },
      Tags: tagList(stackTags(config)),
    },
    dependsOn: [],
  };
  const alias: Resource = {
    type: 'AWS::KMS::Alias',
    id: `${DATA_KEY_ID}Alias`,
    properties: { AliasName: keyAliasName(config), TargetKeyId: ref(DATA_KEY_ID) },
    dependsOn: [DATA_KEY_ID],
  };
  return [key, alias];
}
