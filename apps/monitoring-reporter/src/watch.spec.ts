import { parseDuration, sleepUnlessAborted, watchEvery } from './watch';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and sequences', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1500ms')).toBe(1500);
  });

  it('refuses anything else, and less than a second', () => {
    for (const bad of ['', '5', 'm', '5 minutes', '5m!', '-5m']) expect(() => parseDuration(bad)).toThrow(/is not a duration/);
    expect(() => parseDuration('500ms')).toThrow(/shorter than one second/);
  });
});

describe('watchEvery', () => {
  it('runs, waits the rest of the interval, and stops when aborted', async () => {
    const stop = new AbortController();
    const waits: number[] = [];
    let runs = 0;
    const total = await watchEvery(
      60_000,
      stop.signal,
      async () => {
        runs += 1;
        if (runs === 3) stop.abort();
      },
      () => true,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(total).toBe(3);
    expect(waits).toHaveLength(3);
    expect(waits.every((ms) => ms > 59_000 && ms <= 60_000)).toBe(true);
  });

  it('goes on after a failed run when onError says so, and stops when it does not', async () => {
    const stop = new AbortController();
    const errors: string[] = [];
    let runs = 0;
    await watchEvery(
      1000,
      stop.signal,
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('transient');
        stop.abort();
      },
      (error) => {
        errors.push((error as Error).message);
        return true;
      },
      async () => undefined,
    );
    expect([runs, errors]).toEqual([2, ['transient']]);
    const stopped = await watchEvery(
      1000,
      new AbortController().signal,
      async () => {
        throw new Error('fatal');
      },
      () => false,
      async () => undefined,
    );
    expect(stopped).toBe(1);
  });

  it('sleeps until the signal aborts', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 20);
    await sleepUnlessAborted(60_000, stop.signal);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
