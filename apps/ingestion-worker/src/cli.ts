import { setTimeout as sleep } from 'node:timers/promises';
import { Command, CommanderError, Option } from 'commander';
import { isKeyringError } from '@acad/crypto';
import { DATASET_CONTRACTS, UnknownDataset } from '@acad/schemas';
import {
  InputFileUnreadable,
  batchSummariesJson,
  batchSummaryJson,
  formatBatchSummary,
  pendingLandingFiles,
  refusedLandingEntries,
  type BatchSummary,
} from '@acad/zones';
import { composeWorker, isConfigError, landingStore, workerSettings, workerVersion } from './compose';
import { ingestFiles, reportRefused, runPending } from './ingest-files';
import { LandingWatch } from './landing-watch';
import { BatchProgress } from './progress';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stops `watch` (tests); the process's SIGINT or SIGTERM does the same. */
  signal?: AbortSignal;
}

const datasetNames = DATASET_CONTRACTS.map((c) => c.name);

/** Runs the ingestion worker's command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const report = (summaries: BatchSummary[], json: boolean) => {
    io.stdout(
      json ? batchSummariesJson(summaries) : summaries.map(formatBatchSummary).join('\n') || 'Nothing to ingest: landing is empty.',
    );
    if (summaries.some((s) => s.status === 'rejected' || s.status === 'failed')) exitCode = 1;
  };
  const context = async (total: number) => {
    const settings = workerSettings(io);
    const progress = new BatchProgress(total);
    return { ctx: await composeWorker(settings, (step, b) => progress.step(step, b.file)), progress };
  };

  const program = new Command('ingest')
    .version(workerVersion())
    .description('Land attendance and admissions exports and run them through raw, trusted and curated.')
    .usage('<file...> --dataset <name> [--json] | run [--dataset <name>] [--json] | watch [--dataset <name>]')
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .argument('[files...]', 'files to land and ingest')
    .addOption(new Option('-d, --dataset <name>', 'dataset the files belong to').choices(datasetNames))
    .option('--json', 'print the batch summary as JSON')
    .action(async (files: string[], opts: { dataset?: string; json?: boolean }) => {
      if (files.length === 0)
        throw new CommanderError(2, 'acad.usage', 'error: name at least one file, or use "run" or "watch" (see --help)');
      if (!opts.dataset)
        throw new CommanderError(2, 'acad.usage', `error: --dataset is required with files (one of ${datasetNames.join(', ')})`);
      const { ctx, progress } = await context(files.length);
      try {
        report(await ingestFiles(ctx, opts.dataset, files, () => progress.batchDone()), Boolean(opts.json));
      } finally {
        progress.stop();
      }
    });

  program
    .command('run')
    .description('Run every file waiting in landing.')
    .addOption(new Option('-d, --dataset <name>', 'only this dataset').choices(datasetNames))
    .option('--json', 'print the batch summaries as JSON')
    .action(async (opts: { dataset?: string; json?: boolean }) => {
      const landing = landingStore(workerSettings(io));
      const pending = await pendingLandingFiles(landing, opts.dataset);
      const refused = await refusedLandingEntries(landing, opts.dataset);
      const { ctx, progress } = await context(pending.length);
      try {
        report(
          [...(await reportRefused(ctx, refused)), ...(await runPending(ctx, pending, () => progress.batchDone()))],
          Boolean(opts.json),
        );
      } finally {
        progress.stop();
      }
    });

  program
    .command('watch')
    .description(
      'Keep watching landing and run what arrives (Ctrl-C or SIGTERM stops after the current batch). A file runs once two looks in a row ' +
        'find it unchanged, so a copy still in progress is left alone; a rejected file moves to the rejected area (acad rejected list), ' +
        'a failed one runs again only after it changes, and a symbolic link is reported once and never followed.',
    )
    .addOption(new Option('-d, --dataset <name>', 'only this dataset').choices(datasetNames))
    .option(
      '--interval <ms>',
      'how often to look at landing',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 100)
          throw new CommanderError(2, 'acad.usage', `error: --interval must be a whole number of milliseconds ≥ 100, not "${v}"`);
        return n;
      },
      2000,
    )
    .option('--json', 'print each batch summary as a JSON line')
    .action(async (opts: { dataset?: string; interval: number; json?: boolean }) => {
      const ctx = await composeWorker(workerSettings(io));
      const stop = new AbortController();
      // Ctrl-C, or a service manager stopping the worker: finish the batch in hand, then exit.
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      io.signal?.addEventListener('abort', onSignal);
      io.stderr(`Watching ${ctx.stores.landing.location} every ${opts.interval} ms (Ctrl-C to stop)`);
      const watch = new LandingWatch();
      let lastFailure = '';
      try {
        while (!stop.signal.aborted) {
          try {
            const ready = watch.ready(await pendingLandingFiles(ctx.stores.landing, opts.dataset));
            const refused = watch.newlyRefused(await refusedLandingEntries(ctx.stores.landing, opts.dataset));
            const summaries = [...(await reportRefused(ctx, refused)), ...(await runPending(ctx, ready))];
            watch.ran(ready, summaries);
            for (const summary of summaries) {
              io.stdout(opts.json ? JSON.stringify(batchSummaryJson(summary)) : formatBatchSummary(summary));
              if (summary.status === 'rejected' || summary.status === 'failed') {
                exitCode = 1;
              }
            }
            lastFailure = '';
          } catch (error) {
            // A failure of this look (storage, the lease, the machine) is reported and the watch goes on:
            // the files it did not settle are still in landing for the next look.
            exitCode = 1;
            const failure = `ingest watch: ${(error as Error).message}; still watching`;
            if (failure !== lastFailure) io.stderr(failure);
            lastFailure = failure;
          }
          await sleep(opts.interval, undefined, { signal: stop.signal }).catch(() => undefined);
        }
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'acad.usage') io.stderr(error.message);
      return 2;
    }
    // A missing or damaged keyring is configuration: the message names the file and how to restore it.
    if (isConfigError(error) || error instanceof UnknownDataset || isKeyringError(error)) {
      io.stderr(error.message);
      return 2;
    }
    if (error instanceof InputFileUnreadable) {
      io.stderr(error.message);
      return 1;
    }
    io.stderr(`ingest failed: ${(error as Error).message}`);
    return 1;
  }
}
