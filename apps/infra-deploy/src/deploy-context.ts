import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './aws-clients';
import type { HandlerContext } from './handlers/handler';
import { withRetry, type RetryOptions } from './retry';

export interface DeployContextOptions {
  readonly region: string;
  readonly s3Endpoint?: string;
  readonly retry?: Partial<RetryOptions>;
}

/** Who we are deploying as (STS), and how every call is sent (with throttling retries). */
export async function createDeployContext(clients: AwsClients, options: DeployContextOptions): Promise<HandlerContext> {
  const call = <T>(operation: () => Promise<T>) => withRetry(operation, options.retry);
  const identity = await call(() => clients.sts.send(new GetCallerIdentityCommand({})));
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  return {
    clients,
    call,
    account: { accountId: identity.Account ?? '', partition, region: options.region },
    s3Endpoint: options.s3Endpoint,
  };
}
