/** A part of a benchmark (a child process) failed; the message names the part. */
export class BenchPartFailed extends Error {
  readonly code = 'bench.part-failed';
  constructor(part: string, detail: string) {
    super(`Benchmark part "${part}" failed: ${detail}`);
    this.name = 'BenchPartFailed';
  }
}

/** The command line asked for something the benchmark cannot do. */
export class BenchUsageError extends Error {
  readonly code = 'bench.usage';
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}
