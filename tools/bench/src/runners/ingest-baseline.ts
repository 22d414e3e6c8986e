import { DuckDbEngine, sqlString } from '@acad/engine';
import { runAsRunner } from './runner-protocol';

interface Input {
  csv: string;
  output: string;
}

/** The physical floor: DuckDB reads the CSV and writes Parquet, nothing else. */
runAsRunner<Input, object>(async ({ csv, output }) => {
  const engine = await DuckDbEngine.open({ mode: 'pipeline' });
  try {
    const [{ threads }] = await engine.query<{ threads: string }>(`SELECT current_setting('threads')::VARCHAR AS threads`);
    const started = performance.now();
    // Same compression (ZSTD) as every Parquet file the pipeline writes.
    const rows = await engine.writeParquet(`SELECT * FROM read_csv(${sqlString(csv)})`, output);
    return { ms: performance.now() - started, rows, threads: Number(threads) };
  } finally {
    await engine.close();
  }
});
