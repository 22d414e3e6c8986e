const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `1d`, `500ms`, or a sequence such as `1h30m`; at least one second. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    consumed += match[0].length;
  }
  if (trimmed.length === 0 || consumed !== trimmed.length) {
    throw new RangeError(`"${text}" is not a duration such as 30s, 5m or 1h`);
  }
  if (total < 1000) throw new RangeError(`"${text}" is shorter than one second`);
  return total;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Runs `once` now and then every `everyMs` (measured from the start of each run) until the
 * signal aborts. A run that throws is passed to `onError`; returning false stops the loop.
 */
export async function watchEvery(
  everyMs: number,
  signal: AbortSignal,
  once: () => Promise<void>,
  onError: (error: unknown) => boolean,
  sleep: (ms: number, signal: AbortSignal) => Promise<void> = sleepUnlessAborted,
): Promise<number> {
  let runs = 0;
  while (!signal.aborted) {
    const started = Date.now();
    try {
      await once();
    } catch (error) {
      if (!onError(error)) return runs + 1;
    }
    runs += 1;
    await sleep(Math.max(0, everyMs - (Date.now() - started)), signal);
  }
  return runs;
}
