import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { composeReporter, reporterSettings, reporterVersion, type ReporterParts } from './compose';
import { formatReport } from './format-report';
import { renderHtmlReport } from './html-report';
import { runReport, type ReportRun } from './run-report';
import { parseDuration, watchEvery } from './watch';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
  /** Stops `watch` (main wires SIGINT and SIGTERM to it). */
  signal?: AbortSignal;
  /** Changes the composed parts (tests: a fetch, a CloudWatch client). */
  adjustParts?: (parts: ReporterParts) => ReporterParts;
}

/** Exit codes: 0 done, 1 the report failed, 2 bad usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new InvalidArgumentError('must be a whole number of days from 1 to 366');
  return days;
}

function parseEvery(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Bad configuration (settings or monitoring file): exit 2. */
function isConfigurationError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'CONFIG_INVALID';
}

interface ReportOptions {
  json?: boolean;
  html?: string;
  days: number;
}

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('monitor')
    .version(reporterVersion())
    .description('Academics Data Platform monitoring: collect metrics, evaluate alarms, publish')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();

  const once = async (parts: ReporterParts, options: ReportOptions): Promise<ReportRun> => {
    const run = await runReport(parts, { now: io.now?.() ?? new Date(), days: options.days, env: io.env, cwd: io.cwd });
    if (options.html) await writeFile(resolve(io.cwd, options.html), renderHtmlReport(run.report));
    const { report, published, notifications, syncedAlarms, configSource } = run;
    io.stdout.write(
      options.json
        ? JSON.stringify({ ...report, published, notifications, syncedAlarms, configSource }, null, 2) + '\n'
        : formatReport(report, published) + (options.html ? `HTML report written to ${resolve(io.cwd, options.html)}\n` : ''),
    );
    return run;
  };
  const compose = () => {
    const parts = composeReporter(reporterSettings(io));
    return io.adjustParts ? io.adjustParts(parts) : parts;
  };

  program
    .command('report')
    .description('measure storage, runs, freshness, requests, keys and cost; evaluate alarms; notify changes; publish the metrics')
    .option('--json', 'print one JSON object instead of the terminal summary')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--days <n>', 'days of pipeline runs to summarise', parseDays, 7)
    .action(async (options: ReportOptions) => {
      await once(compose(), options);
      setExitCode(EXIT_OK);
    });

  program
    .command('watch')
    .description('report now and then every --every until interrupted (Ctrl-C)')
    .addOption(new Option('--every <duration>', 'time between reports: 30s, 5m, 1h').argParser(parseEvery).default(5 * 60_000, '5m'))
    .option('--json', 'print one JSON object per report')
    .option('--html <file>', 'rewrite this HTML report after every run')
    .option('--days <n>', 'days of pipeline runs to summarise', parseDays, 7)
    .action(async (options: ReportOptions & { every: number }) => {
      const parts = compose();
      const signal = io.signal ?? new AbortController().signal;
      let fatal: unknown;
      await watchEvery(
        options.every,
        signal,
        async () => {
          await once(parts, options);
        },
        (error) => {
          if (isConfigurationError(error)) {
            fatal = error;
            return false;
          }
          io.stderr.write(`monitor: ${error instanceof Error ? error.message : String(error)} (will try again)\n`);
          parts.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'report failed');
          return true;
        },
      );
      if (fatal) throw fatal;
      setExitCode(EXIT_OK);
    });
  return program;
}

/** Runs the command line and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (isConfigurationError(error)) {
      io.stderr.write(`${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
