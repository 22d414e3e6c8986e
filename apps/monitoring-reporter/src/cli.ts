import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadSettings } from '@acad/config';
import { composeReporter } from './compose';
import { formatReport } from './format-report';
import { runReport } from './run-report';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
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

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('monitor')
    .description('Academics Data Platform monitoring: collect metrics, evaluate alarms, publish')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  program
    .command('report')
    .description('measure storage per zone and dataset, summarise recent pipeline runs, evaluate alarms and publish the metrics')
    .option('--json', 'print one JSON object instead of the terminal summary')
    .option('--days <n>', 'days of pipeline runs to summarise', parseDays, 7)
    .action(async (options: { json?: boolean; days: number }) => {
      const settings = loadSettings({ env: io.env, cwd: io.cwd });
      const now = io.now?.() ?? new Date();
      const { report, published } = await runReport(composeReporter(settings), { now, days: options.days });
      io.stdout.write(options.json ? JSON.stringify({ ...report, published }, null, 2) + '\n' : formatReport(report, published));
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
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`monitor: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
