import type { BenchProgress } from '../progress';

export interface SuiteOptions {
  /** Rows of the big attendance CSV. */
  rows: number;
  /** Rows the naive Node peer reads (its rows/s is scaled from this subset). */
  naiveRows: number;
  smallFiles: number;
  smallFileRows: number;
  /** Size of the file the crypto suite encrypts and decrypts. */
  cryptoBytes: number;
  /** Seconds of load per part of the serve suite. */
  serveSeconds: number;
  /** Lake sizes (generated attendance rows) the serve suite runs SQL over; default `rows` ÷ 10 and `rows`. */
  sqlRows?: number[];
  seed: string;
  /** Generated inputs are cached here between runs; scratch folders are made (and removed) here too. */
  cacheDir: string;
  progress: BenchProgress;
}

/** Throughput per second from a count and milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? count / (ms / 1000) : Number.NaN;
}

export function kibToMib(kib: number): number {
  return kib / 1024;
}

/** The options as recorded in the JSON result, with the DuckDB settings the children inherit. */
export function parametersOf(options: SuiteOptions): Record<string, unknown> {
  const { progress: _progress, ...rest } = options;
  return {
    ...rest,
    duckdbThreads: process.env['ACAD_DUCKDB_THREADS'] ?? 'default',
    duckdbMemoryLimit: process.env['ACAD_DUCKDB_MEMORY_LIMIT'] ?? 'default',
  };
}
