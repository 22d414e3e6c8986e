import { programVersion } from '@acad/config';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEFAULT_SEED, DEFAULT_STUDENTS, generateSampleData, MANIFEST_FILE_NAME } from './generate-sample-data';
import type { SampleDataManifest } from './sample-manifest';

/** Upper bound for `--students`: about 2.5 million attendance rows, built in memory. */
export const MAX_CLI_STUDENTS = 20_000;

export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function parseStudentCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < 1 || count > MAX_CLI_STUDENTS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_CLI_STUDENTS}.`);
  }
  return count;
}

function parseSeed(value: string): string {
  if (value.length === 0) throw new InvalidArgumentError('the seed must not be empty.');
  return value;
}

function formatSummary(outDir: string, manifest: SampleDataManifest): string {
  const lines = [
    `Wrote sample data to ${outDir} (seed "${manifest.seed}", ${manifest.students} ${manifest.students === 1 ? 'student' : 'students'}):`,
  ];
  for (const file of Object.values(manifest.files)) {
    lines.push(
      `  ${file.file.padEnd(15)} ${String(file.rows).padStart(7)} rows, ${file.invalid.total} invalid, ` +
        `${file.exactDuplicates} exact duplicates, ${file.resubmissions} re-submissions`,
    );
  }
  lines.push(`  ${MANIFEST_FILE_NAME.padEnd(15)} expected counts per file`);
  return `${lines.join('\n')}\n`;
}

/**
 * `sample-data --out <dir> [--students <n>] [--seed <s>] [--json]`. Returns the exit code:
 * 0 done, 1 the files could not be written, 2 bad usage.
 */
export async function runSampleDataCli(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const program = new Command('sample-data')
    .version(programVersion(__dirname))
    .description('Write deterministic synthetic students, courses, attendance and admissions CSV files with realistic mess.')
    .requiredOption('--out <dir>', 'folder to write the files into (created if missing)')
    .option('--students <n>', `number of students, 1–${MAX_CLI_STUDENTS}`, parseStudentCount, DEFAULT_STUDENTS)
    .option('--seed <seed>', 'the same seed gives byte-identical files', parseSeed, DEFAULT_SEED)
    .option('--json', 'print the manifest as JSON instead of a summary')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  try {
    program.parse([...argv], { from: 'node' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  }
  const options = program.opts<{ out: string; students: number; seed: string; json?: boolean }>();
  try {
    const manifest = await generateSampleData(options.out, { students: options.students, seed: options.seed });
    output.stdout(options.json ? `${JSON.stringify(manifest, null, 2)}\n` : formatSummary(options.out, manifest));
    return 0;
  } catch (error) {
    output.stderr(
      `sample-data: could not write the sample data to ${options.out}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
