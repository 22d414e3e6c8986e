import { StackConfigError, assertDeployable, bucketName, stackConfigFor } from './stack-config';

describe('stackConfigFor', () => {
  it('keeps the longest bucket name within 63 characters', () => {
    const config = stackConfigFor('prod', { s3BucketPrefix: 'a'.repeat(41), region: 'us-east-1' });
    expect(bucketName(config, 'quarantine').length).toBeLessThanOrEqual(63);
  });

  it('builds the dev and prod stacks from settings', () => {
    const dev = stackConfigFor('dev', { s3BucketPrefix: 'uni-acad', region: 'eu-west-1' });
    expect(dev).toMatchObject({ stack: 'dev', prefix: 'uni-acad', region: 'eu-west-1', kmsPendingWindowDays: 7 });
    expect(dev.retention).toEqual({
      landingExpirationDays: 7,
      noncurrentVersionExpirationDays: 90,
      rawInfrequentAccessAfterDays: 30,
      abortIncompleteUploadDays: 7,
    });
    // The runtime's name for the same settings (createZoneStores): the prefix carries the environment.
    expect(bucketName(dev, 'quarantine')).toBe('uni-acad-quarantine');
    expect(dev.budget).toEqual({ monthlyLimitUsd: 50, alertEmails: [] });
    expect(dev.athenaBytesScannedCutoff).toBe(1024 ** 3);
    expect(stackConfigFor('prod', { s3BucketPrefix: 'uni-acad', region: 'eu-west-1' }).retention.noncurrentVersionExpirationDays).toBe(365);
  });

  it('reads budget alert addresses and requires one before deploying', () => {
    const config = stackConfigFor(
      'prod',
      { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' },
      { budgetAlertEmails: 'a@uni.edu, b@uni.edu' },
    );
    expect(config.budget).toEqual({ monthlyLimitUsd: 500, alertEmails: ['a@uni.edu', 'b@uni.edu'] });
    expect(() => assertDeployable(config)).not.toThrow();
    expect(() => assertDeployable(stackConfigFor('prod', { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' }))).toThrow(
      /ACAD_BUDGET_ALERT_EMAILS/,
    );
    expect(() => stackConfigFor('dev', { s3BucketPrefix: 'acad', region: 'eu-west-1' }, { budgetAlertEmails: 'nobody' })).toThrow(
      /budget.alertEmails.0: an e-mail address/,
    );
  });

  it('adds the publishing server when its image is given, and names what else it needs', () => {
    const settings = { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' };
    const web = {
      publishingImage: 'registry.example/acad-publishing-server:1',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      vpcId: 'vpc-0a1b2c3d',
      privateSubnetIds: 'subnet-0a1b2c01,subnet-0a1b2c02',
      publicSubnetIds: 'subnet-0b1b2c01, subnet-0b1b2c02',
    };
    expect(stackConfigFor('prod', settings).publishingServer).toBeUndefined();
    expect(stackConfigFor('prod', settings, web).publishingServer).toEqual({
      image: 'registry.example/acad-publishing-server:1',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      vpcId: 'vpc-0a1b2c3d',
      privateSubnetIds: ['subnet-0a1b2c01', 'subnet-0a1b2c02'],
      publicSubnetIds: ['subnet-0b1b2c01', 'subnet-0b1b2c02'],
      ingressCidr: '0.0.0.0/0',
      desiredCount: 2,
    });
    expect(() => stackConfigFor('prod', settings, { ...web, certificateArn: undefined })).toThrow(/publishingServer.certificateArn/);
    expect(() => stackConfigFor('prod', settings, { ...web, privateSubnetIds: 'subnet-0a1b2c01' })).toThrow(
      /publishingServer.privateSubnetIds: Too small/,
    );
  });

  it.each([
    ['staging', { s3BucketPrefix: 'acad', region: 'us-east-1' }, /stack: Invalid option/],
    ['prod', { s3BucketPrefix: 'a'.repeat(42), region: 'us-east-1' }, /prefix: lower-case letters, digits and dashes, 2–41 characters/],
    ['prod', { s3BucketPrefix: 'Acad', region: 'us-east-1' }, /prefix: lower-case/],
    ['dev', { s3BucketPrefix: 'acad', region: 'moon' }, /region: an AWS region/],
  ])('refuses stack %s with %j', (stack, settings, message) => {
    expect(() => stackConfigFor(stack, settings)).toThrow(StackConfigError);
    expect(() => stackConfigFor(stack, settings)).toThrow(message);
  });
});
