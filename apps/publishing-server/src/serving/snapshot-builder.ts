// The child process that builds serving snapshots: a build's DuckDB memory (a pipeline engine over
// the committed Parquet) is released when it exits, and never counts against the server's.
import { buildServingSnapshots, type ServingDefinition, type ServingSnapshot } from '@acad/zones';
import { serverSettings, zoneStores } from '../compose';

export interface BuildRequest {
  dir: string;
  seq: number;
  definitions: Record<string, ServingDefinition>;
}
export type BuildReply = { kind: 'built'; snapshots: Record<string, ServingSnapshot> } | { kind: 'failed'; message: string };

const reply = (message: BuildReply) => process.send?.(message, () => process.exit(0));

process.once('message', (request: BuildRequest) => {
  const settings = serverSettings();
  buildServingSnapshots(zoneStores(settings), request.dir, request.seq, request.definitions, {
    memoryLimit: settings.duckdbMemoryLimit,
    threads: settings.duckdbThreads,
  }).then(
    (snapshots) => reply({ kind: 'built', snapshots }),
    (error: Error) => reply({ kind: 'failed', message: String(error.message).split('\n')[0].slice(0, 500) }),
  );
});
