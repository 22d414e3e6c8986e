import { awsError } from './fake-aws-errors.test-support';
import { isThrottling, withRetry } from './retry';

describe('withRetry', () => {
  it('backs off exponentially within the cap, then gives up with the last error', async () => {
    const sleeps: number[] = [];
    const operation = jest.fn().mockRejectedValue(awsError('ThrottlingException', 400));
    await expect(
      withRetry(operation, { retries: 4, baseDelayMs: 100, maxDelayMs: 500, sleep: async (ms) => void sleeps.push(ms), random: () => 1 }),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(operation).toHaveBeenCalledTimes(5);
    expect(sleeps).toEqual([100, 200, 400, 500]);
  });

  it('does not retry other errors', async () => {
    const operation = jest.fn().mockRejectedValue(awsError('AccessDeniedException', 403));
    await expect(withRetry(operation, { sleep: async () => undefined })).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it.each([
    [awsError('Throttling', 400), true],
    [awsError('TooManyRequestsException', 429), true],
    [awsError('SlowDown', 503), true],
    [Object.assign(new Error('x'), { $retryable: { throttling: true } }), true],
    [awsError('ValidationException', 400), false],
    ['not an error', false],
  ])('recognises throttling (%#)', (error, expected) => {
    expect(isThrottling(error)).toBe(expected);
  });
});
