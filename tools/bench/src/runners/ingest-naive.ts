import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import { AttendanceContract, compileZodSchema, normaliseCells, type RawRow } from '@acad/schemas';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  csv: string;
  /** Stop after this many data rows. */
  rows: number;
  accepted: string;
  rejected: string;
}

async function writeLine(out: WriteStream, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

async function closeStream(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

/**
 * The row-by-row peer a Node developer might write first: csv-parse streaming, zod per row,
 * NDJSON out (there is no Parquet writer installed; NDJSON is cheaper, which favours the peer).
 * Its schema is compiled once, not per row, also in its favour.
 */
runAsRunner<Input, object>(async ({ csv, rows, accepted, rejected }) => {
  const schema = compileZodSchema(AttendanceContract);
  const good = createWriteStream(accepted);
  const bad = createWriteStream(rejected);
  let read = 0;
  let valid = 0;
  const input = createReadStream(csv);
  try {
    for await (const record of input.pipe(parse({ columns: true, bom: true }))) {
      const verdict = schema.safeParse(normaliseCells(AttendanceContract, record as RawRow));
      if (verdict.success) {
        valid += 1;
        await writeLine(good, verdict.data);
      } else {
        await writeLine(bad, { row: read + 1, violations: verdict.error.issues.map((i) => i.message) });
      }
      read += 1;
      if (read % 100_000 === 0) reportProgress(read, rows);
      if (read >= rows) break;
    }
  } finally {
    input.destroy();
    await closeStream(good);
    await closeStream(bad);
  }
  return { rows: read, valid };
});
