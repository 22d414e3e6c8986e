import { AthenaClient } from '@aws-sdk/client-athena';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DataBrewClient } from '@aws-sdk/client-databrew';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from './aws-clients';
import { FakeLog } from './fake-aws-errors.test-support';
import { fakeAthena, fakeBudgets, fakeCloudWatch, fakeDataBrew, fakeGlue, fakeIam } from './fake-aws-services.test-support';
import { fakeKms, fakeS3 } from './fake-aws-storage.test-support';
import type { HandlerContext } from './handlers/handler';

export const FAKE_ACCOUNT = '123456789012';
export const FAKE_REGION = 'eu-west-1';

/**
 * An in-memory AWS account behind aws-sdk-client-mock: every command the handlers send is
 * answered from (and recorded in) this state, so a second plan sees what apply created.
 */
export function createFakeAws() {
  const log = new FakeLog();
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: FAKE_ACCOUNT, Arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/deployer`, UserId: 'AIDA' });
  const fake = {
    log,
    sts,
    s3: fakeS3(log),
    kms: fakeKms(log, FAKE_ACCOUNT, FAKE_REGION),
    glue: fakeGlue(log),
    databrew: fakeDataBrew(log, FAKE_ACCOUNT, FAKE_REGION),
    athena: fakeAthena(log),
    cloudwatch: fakeCloudWatch(log, FAKE_ACCOUNT, FAKE_REGION),
    budgets: fakeBudgets(log),
    iam: fakeIam(log, FAKE_ACCOUNT),
  };
  const clients: AwsClients = {
    s3: new S3Client({ region: FAKE_REGION }),
    kms: new KMSClient({ region: FAKE_REGION }),
    glue: new GlueClient({ region: FAKE_REGION }),
    databrew: new DataBrewClient({ region: FAKE_REGION }),
    athena: new AthenaClient({ region: FAKE_REGION }),
    cloudwatch: new CloudWatchClient({ region: FAKE_REGION }),
    budgets: new BudgetsClient({ region: FAKE_REGION }),
    iam: new IAMClient({ region: FAKE_REGION }),
    sts: new STSClient({ region: FAKE_REGION }),
  };
  const ctx: HandlerContext = {
    clients,
    call: (operation) => operation(),
    account: { accountId: FAKE_ACCOUNT, partition: 'aws', region: FAKE_REGION },
  };
  const restore = () =>
    [
      fake.sts,
      fake.s3.mock,
      fake.kms.mock,
      fake.glue.mock,
      fake.databrew.mock,
      fake.athena.mock,
      fake.cloudwatch.mock,
      fake.budgets.mock,
      fake.iam.mock,
    ].forEach((m) => m.restore());
  return { ...fake, clients, ctx, restore };
}

export type FakeAws = ReturnType<typeof createFakeAws>;
