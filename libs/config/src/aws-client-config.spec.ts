import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AWS_CLIENT_MAX_ATTEMPTS, awsClientConfig } from './aws-client-config';

describe('awsClientConfig', () => {
  it('builds clients that retry in the SDK’s adaptive mode, with the platform’s attempts', async () => {
    const client = new CloudWatchClient(awsClientConfig({ region: 'eu-west-1' }));
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(AWS_CLIENT_MAX_ATTEMPTS);
    const strategy = (await client.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('adaptive');
  });
});
