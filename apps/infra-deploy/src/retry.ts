/** Error names AWS services use for throttling (SDK errors carry them as `name`). */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);

export interface RetryOptions {
  /** Attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** 0..1, for jitter; `Math.random` by default. */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 6,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function isThrottling(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { name?: unknown; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return (typeof e.name === 'string' && THROTTLING.has(e.name)) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429;
}

/**
 * Runs `operation`, retrying throttling errors with exponential backoff and full jitter
 * (delay drawn from [0, min(max, base·2^attempt)]). Any other error is thrown at once.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: Partial<RetryOptions> = {}): Promise<T> {
  const o = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isThrottling(error) || attempt >= o.retries) throw error;
      const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
      await o.sleep(Math.floor(o.random() * ceiling));
    }
  }
}
