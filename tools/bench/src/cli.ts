import { programVersion } from '@acad/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { writeSuiteArtifact } from './artifacts';
import { BenchPartFailed } from './bench-errors';
import { BenchProgress } from './progress';
import { failedRows, formatReport, type SuiteResult } from './report';
import { findRepoRoot } from './repo-root';
import { runCryptoSuite } from './suites/crypto';
import { runIngestSuite } from './suites/ingest';
import { runQualitySuite } from './suites/quality';
import { runScaleSuite } from './suites/scale';
import { runServeSuite } from './suites/serve';
import type { SuiteOptions } from './suites/suite-options';

export interface BenchIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Draw progress bars (on a terminal). */
  progress?: boolean;
}

const SUITES: Record<string, (options: SuiteOptions) => Promise<SuiteResult>> = {
  ingest: runIngestSuite,
  crypto: runCryptoSuite,
  quality: runQualitySuite,
  serve: runServeSuite,
  scale: runScaleSuite,
};
const LATER: string[] = [];

interface CliOptions {
  rows: number;
  naiveRows: number;
  smallFiles: number;
  smallFileRows: number;
  cryptoBytes: number;
  serveSeconds: number;
  sqlRows?: number[];
  seed: string;
  cacheDir: string;
  artifactsDir: string;
  json?: boolean;
  strict?: boolean;
}

function positiveIntegers(name: string) {
  return (value: string): number[] => (value === 'none' ? [] : value.split(',').map((part) => positiveInteger(name)(part.trim())));
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, not "${value}"`);
    return n;
  };
}

/** Runs `bench [suite...] [options]`; resolves to the exit code (0 ran, 1 a part failed or --strict missed a target, 2 bad usage). */
export async function runBenchCli(argv: string[], io: BenchIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('bench')
    .version(programVersion(__dirname))
    .description('Benchmarks with ratios against baselines measured in the same run.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .argument('[suites...]', `suites to run: ${Object.keys(SUITES).join(', ')} (default: all)`)
    .option('--rows <n>', 'rows of the big attendance CSV', positiveInteger('--rows'), 10_000_000)
    .option('--naive-rows <n>', 'rows the naive Node peer reads (rows/s is scaled)', positiveInteger('--naive-rows'), 1_000_000)
    .option('--small-files <n>', 'number of small files', positiveInteger('--small-files'), 1000)
    .option('--small-file-rows <n>', 'rows per small file', positiveInteger('--small-file-rows'), 1000)
    .option('--crypto-bytes <n>', 'bytes to encrypt and decrypt', positiveInteger('--crypto-bytes'), 1_000_000_000)
    .option('--serve-seconds <n>', 'seconds of load per part of the serve suite', positiveInteger('--serve-seconds'), 15)
    .option(
      '--sql-rows <n,n>',
      'lake sizes the serve suite runs SQL over (default: --rows ÷ 10 and --rows)',
      positiveIntegers('--sql-rows'),
    )
    .option('--seed <text>', 'seed of the generated data', 'bench')
    .option('--cache-dir <dir>', 'where generated inputs are cached', join(tmpdir(), 'acad-bench'))
    .option('--artifacts-dir <dir>', 'where JSON results are written', join(findRepoRoot(), 'artifacts', 'bench'))
    .option('--json', 'print the results as JSON')
    .option('--strict', 'exit 1 when a target is missed')
    .action(async (names: string[], opts: CliOptions) => {
      const unknown = names.filter((n) => !(n in SUITES));
      if (unknown.length > 0) {
        const later = unknown.filter((n) => LATER.includes(n));
        const reason = later.length > 0 ? `${later.join(', ')} not built yet` : `unknown suite ${unknown.join(', ')}`;
        throw new CommanderError(2, 'bench.usage', `error: ${reason}; suites are ${Object.keys(SUITES).join(', ')}`);
      }
      const progress = BenchProgress.forTerminal(Boolean(io.progress) && !opts.json);
      const options: SuiteOptions = { ...opts, progress };
      const results: SuiteResult[] = [];
      for (const name of names.length > 0 ? [...new Set(names)] : Object.keys(SUITES)) {
        const result = await SUITES[name](options);
        const artifact = await writeSuiteArtifact(opts.artifactsDir, result);
        if (!opts.json) io.stderr(`${name}: wrote ${artifact}`);
        results.push(result);
      }
      io.stdout(opts.json ? JSON.stringify({ suites: results }, null, 2) : formatReport(results));
      const failed = failedRows(results);
      if (failed.length > 0 && !opts.json) io.stderr(`${failed.length} target(s) missed: ${failed.map((r) => r.measure).join('; ')}`);
      if (failed.length > 0 && opts.strict) exitCode = 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'bench.usage') io.stderr(error.message);
      return 2;
    }
    io.stderr(error instanceof BenchPartFailed ? error.message : `bench failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
