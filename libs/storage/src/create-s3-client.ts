import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientSettings {
  region: string;
  /** How the client retries (the composition root's `awsClientConfig`); the SDK's default otherwise. */
  retryMode?: 'standard' | 'adaptive';
  maxAttempts?: number;
  /** An S3-compatible server (MinIO, s3rver, LocalStack); implies path-style addressing. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Omit on AWS to use the default provider chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The one place S3 clients are configured, so every app talks to S3 the same way. */
export function createS3Client(settings: S3ClientSettings): S3Client {
  const compatibleServer = settings.endpoint !== undefined;
  return new S3Client({
    region: settings.region,
    ...(settings.retryMode ? { retryMode: settings.retryMode } : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
    ...(compatibleServer ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? compatibleServer,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Many S3-compatible servers reject the SDK's default flexible checksums (aws-chunked
    // trailers); only send them where an operation requires them.
    ...(compatibleServer ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
}
