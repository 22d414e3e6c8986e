import { performance } from 'node:perf_hooks';

/** Tells the parent how far the work has got (one JSON line on stdout). */
export function reportProgress(done: number, total?: number): void {
  process.stdout.write(`${JSON.stringify({ progress: { done, total } })}\n`);
}

/**
 * The body of a runner file: reads its JSON input from argv, times `work` alone (not the
 * process start or module loading) and prints `{ ms, maxRssKiB, ...extra }` as the result.
 * A runner that times a narrower span itself returns its own `ms`, which wins.
 */
export function runAsRunner<I, R extends object>(work: (input: I) => Promise<R>): void {
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  const started = performance.now();
  work(input).then(
    (extra) => {
      const ms = performance.now() - started;
      // maxRSS is in KiB on Linux and macOS: the peak of this whole process.
      const result = { ms, maxRssKiB: process.resourceUsage().maxRSS, ...extra };
      process.stdout.write(`${JSON.stringify({ result })}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
