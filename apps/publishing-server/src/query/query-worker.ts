// A child process holding one role's restricted sandbox lake. The server kills it when a
// statement runs past its time limit (DuckDB has no per-statement timeout), and starts another.
import { loadSettings } from '@acad/config';
import { RoleSchema } from '@acad/access';
import { createZoneStores, openLakeQuery, readSnapshot } from '@acad/zones';
import { restrictLake } from './restrict-lake';

export interface QueryMessage {
  id: number;
  statement: string;
  cap: number;
}
export type WorkerReply =
  | { kind: 'ready'; seq: number }
  | { kind: 'rows'; id: number; columns: string[]; rows: unknown[][] }
  | { kind: 'error'; id: number; code: string; message: string }
  | { kind: 'failed'; message: string };

const send = (reply: WorkerReply) => process.send?.(reply);

async function main(): Promise<void> {
  const role = RoleSchema.parse(process.argv[2]);
  const settings = loadSettings();
  const stores = createZoneStores(settings);
  const seq = (await readSnapshot(stores.platform)).seq;
  const lake = await openLakeQuery(stores, { memoryLimit: settings.duckdbMemoryLimit, threads: settings.duckdbThreads });
  await restrictLake(lake, role);
  process.on('message', (message: QueryMessage) => {
    // The statement is already checked; the subquery keeps it a single read, the cap bounds it.
    const sql = `SELECT * FROM (\n${message.statement}\n) AS q LIMIT ${message.cap + 1}`;
    lake.engine
      .query(sql)
      .then((rows) => {
        const columns = rows.length ? Object.keys(rows[0]) : [];
        send({ kind: 'rows', id: message.id, columns, rows: rows.map((r) => columns.map((c) => r[c])) });
      })
      .catch((error: { code?: string; message?: string }) =>
        send({
          kind: 'error',
          id: message.id,
          code: error.code ?? 'ENGINE_ERROR',
          message: String(error.message ?? error)
            .split('\n')[0]
            .slice(0, 500),
        }),
      );
  });
  process.on('disconnect', () => void lake.close().then(() => process.exit(0)));
  send({ kind: 'ready', seq });
}

main().catch((error: Error) => {
  send({ kind: 'failed', message: error.message });
  process.exit(1);
});
