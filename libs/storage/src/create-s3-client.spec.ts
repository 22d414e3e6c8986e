import { createS3Client } from './create-s3-client';

describe('createS3Client', () => {
  it('uses path-style addressing and only required checksums for an S3-compatible endpoint', async () => {
    const client = createS3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4568',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    try {
      expect(client.config.forcePathStyle).toBe(true);
      expect(await client.config.region()).toBe('us-east-1');
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4568 });
      expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'a', secretAccessKey: 'b' });
    } finally {
      client.destroy();
    }
  });

  it('uses virtual-hosted addressing and the SDK defaults on AWS', async () => {
    const client = createS3Client({ region: 'eu-west-1' });
    try {
      expect(client.config.forcePathStyle).toBe(false);
      expect(await client.config.region()).toBe('eu-west-1');
      expect(await client.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    } finally {
      client.destroy();
    }
  });

  it('lets an explicit forcePathStyle win', () => {
    const client = createS3Client({ region: 'us-east-1', endpoint: 'https://s3.example.edu', forcePathStyle: false });
    expect(client.config.forcePathStyle).toBe(false);
    client.destroy();
  });
});
