import type { Command } from 'commander';
import { batchSummaryJson, formatBatchSummary, type RejectionRecord } from '@acad/zones';
import type { CliContext } from './cli-context';
import { discardRejected, listRejected, retryRejected, showRejected } from './rejected-command';

/** Thrown when a discard is neither confirmed nor given --yes: bad usage, exit 2. */
class ConfirmationNeeded extends Error {
  readonly code = 'CONFIRMATION_NEEDED';
}

function describeRecord(r: RejectionRecord): string {
  return [
    `${r.id}  ${r.dataset}/${r.file}`,
    `  rejected ${r.rejectedAt} (run ${r.runId}): ${r.problem}`,
    `  ${r.bytes} bytes sealed in the rejected area as ${r.key}; sha256 of the file ${r.contentSha256}`,
    `  put it back in landing and run it: acad rejected retry ${r.id}   delete it for good: acad rejected discard ${r.id}`,
  ].join('\n');
}

/** `acad rejected list|show|retry|discard`: files rejected whole (PRODUCT.md §3), kept sealed with their reason. */
export function registerRejectedCommands(program: Command, { io, settings, workFailed }: CliContext): void {
  const rejected = program
    .command('rejected')
    .description('Files rejected whole: kept sealed in the rejected area with the reason, until retried or discarded.');
  rejected
    .command('list', { isDefault: true })
    .description('Every rejected file waiting, oldest first: id, dataset, file, when and why.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const records = await listRejected(settings());
      if (opts.json) io.stdout(JSON.stringify(records, null, 2));
      else if (records.length === 0) io.stdout('No rejected files.');
      else io.stdout(records.map((r) => `${r.id}  ${r.rejectedAt}  ${`${r.dataset}/${r.file}`.padEnd(32)}  ${r.problem}`).join('\n'));
    });
  rejected
    .command('show')
    .description('One rejected file: its reason, size and fingerprint, and how to retry or discard it (never its content).')
    .argument('<id>', 'the id from "acad rejected list"')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const record = await showRejected(settings(), id);
      io.stdout(opts.json ? JSON.stringify(record, null, 2) : describeRecord(record));
    });
  rejected
    .command('retry')
    .description('Put the file back in landing as delivered (decrypted) and run it; rejected again, it returns here.')
    .argument('<id>', 'the id from "acad rejected list"')
    .option('--json', 'print JSON: the record and the batch summary')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { record, summary } = await retryRejected(settings(), id);
      if (opts.json) io.stdout(JSON.stringify({ record, summary: summary ? batchSummaryJson(summary) : null }, null, 2));
      else
        io.stdout(
          `Put ${record.dataset}/${record.file} back in landing and ran it:\n${summary ? formatBatchSummary(summary) : 'another worker took it first'}`,
        );
      if (summary?.status === 'rejected' || summary?.status === 'failed') workFailed();
    });
  rejected
    .command('discard')
    .description('Delete a rejected file and its record for good (asks first; --yes for scripts).')
    .argument('<id>', 'the id from "acad rejected list"')
    .option('-y, --yes', 'do not ask')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { yes?: boolean; json?: boolean }) => {
      const record = await showRejected(settings(), id);
      if (!opts.yes) {
        if (!io.confirm)
          throw new ConfirmationNeeded(`acad rejected discard ${id}: not a terminal to ask on; add --yes to discard for good`);
        if (!(await io.confirm(`Discard ${record.dataset}/${record.file} (${id}) for good? It cannot be retried afterwards. [y/N] `))) {
          io.stdout('Kept.');
          return;
        }
      }
      const discarded = await discardRejected(settings(), id);
      io.stdout(opts.json ? JSON.stringify(discarded, null, 2) : `Discarded ${discarded.dataset}/${discarded.file} (${discarded.id}).`);
    });
}
