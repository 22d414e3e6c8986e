import type { Settings } from './settings';

/** Attempts per AWS call, the first included, before an error reaches the platform's code. */
export const AWS_CLIENT_MAX_ATTEMPTS = 5;

/** What every AWS client of the platform is built with: its region and how it retries. */
export interface AwsClientConfig {
  region: string;
  /**
   * The SDK's own retry mode: exponential backoff with jitter on throttling and transient errors,
   * plus client-side rate limiting once the service throttles (instead of hand-written loops).
   */
  retryMode: 'adaptive';
  maxAttempts: number;
}

/** The configuration each composition root gives the AWS clients it builds. */
export function awsClientConfig(settings: Pick<Settings, 'region'>): AwsClientConfig {
  return { region: settings.region, retryMode: 'adaptive', maxAttempts: AWS_CLIENT_MAX_ATTEMPTS };
}
