import { createAwsClients } from './aws-clients';

describe('createAwsClients', () => {
  it('gives the endpoint to the S3 client only, with path-style addressing, and the region to all', async () => {
    const clients = createAwsClients({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000' });
    expect(await clients.s3.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 9000 });
    expect(clients.s3.config.forcePathStyle).toBe(true);
    for (const client of [clients.kms, clients.glue, clients.databrew, clients.athena, clients.cloudwatch, clients.iam, clients.sts]) {
      expect(client.config.endpoint).toBeUndefined();
      expect(await client.config.region()).toBe('eu-west-1');
    }
    for (const client of Object.values(clients)) client.destroy();
  });
});
