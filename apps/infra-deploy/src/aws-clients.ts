import { AthenaClient } from '@aws-sdk/client-athena';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DataBrewClient } from '@aws-sdk/client-databrew';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { createS3Client } from '@acad/storage';

/** The SDK clients the handlers talk through; injected, so tests can mock each one. */
export interface AwsClients {
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly glue: GlueClient;
  readonly databrew: DataBrewClient;
  readonly athena: AthenaClient;
  readonly cloudwatch: CloudWatchClient;
  readonly budgets: BudgetsClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

export interface AwsClientSettings {
  readonly region: string;
  /** An S3-compatible server; only the S3 client uses it. */
  readonly endpoint?: string;
}

/** Clients with the SDK's default credential chain (environment, profile, SSO, instance role). */
export function createAwsClients(settings: AwsClientSettings): AwsClients {
  const region = settings.region;
  return {
    s3: createS3Client({ region, endpoint: settings.endpoint }),
    kms: new KMSClient({ region }),
    glue: new GlueClient({ region }),
    databrew: new DataBrewClient({ region }),
    athena: new AthenaClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
    // Budgets and IAM are global services; the SDK routes them to us-east-1 itself.
    budgets: new BudgetsClient({ region }),
    iam: new IAMClient({ region }),
    sts: new STSClient({ region }),
  };
}
