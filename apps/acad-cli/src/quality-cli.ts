import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './cli-context';
import { formatQualityCheck, qualityCheck } from './quality-check-command';
import { formatQualityReport, qualityExport, qualityReport, type ExportFormat } from './quality-command';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`must be a whole number ≥ 1, not "${value}"`);
  return n;
}

export function registerQualityCommands(program: Command, { io, settings, workFailed }: CliContext): void {
  const quality = program
    .command('quality')
    .description('Data quality: latest results and trend per dataset, ruleset exports, rules file checks.');
  quality
    .command('show <dataset>', { isDefault: true })
    .description('The latest batch results and the score trend of a dataset.')
    .option('--last <n>', 'batches in the trend', positiveInteger, 10)
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { last: number; json?: boolean }) => {
      const report = await qualityReport(settings(), dataset, opts.last);
      io.stdout(opts.json ? JSON.stringify(report, null, 2) : formatQualityReport(report));
    });
  quality
    .command('export <dataset>')
    .description('The dataset rules as a Glue DQDL ruleset or a DataBrew CreateRuleset input.')
    .addOption(new Option('--format <format>', 'output format').choices(['dqdl', 'databrew']).default('dqdl'))
    .option('--target-arn <arn>', 'DataBrew dataset ARN the ruleset checks')
    .action((dataset: string, opts: { format: ExportFormat; targetArn?: string }) => {
      const output = qualityExport(settings(), dataset, opts.format, opts.targetArn);
      io.stdout(typeof output === 'string' ? output.trimEnd() : JSON.stringify(output, null, 2));
    });
  quality
    .command('check <file>')
    .description('Validate a DQDL rules file and evaluate it on the current trusted data, recording nothing (exit 1 when a rule fails).')
    .requiredOption('--dataset <name>', 'the dataset whose trusted data the rules run on')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { dataset: string; json?: boolean }) => {
      const report = await qualityCheck(settings(), resolve(io.cwd ?? process.cwd(), file), opts.dataset);
      io.stdout(opts.json ? JSON.stringify(report, null, 2) : formatQualityCheck(report));
      if (report.summary.failed > 0) workFailed();
    });
}
