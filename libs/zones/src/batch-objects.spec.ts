import { DuckDbEngine } from '@acad/engine';
import { dropBatchObjects } from './batch-objects';

describe('dropBatchObjects', () => {
  it("drops the batch's views and tables, temporary or not, and nothing of another batch", async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      await engine.run(
        `CREATE TEMP TABLE stats_b1 AS SELECT 1 AS n; CREATE TABLE landing_b1_rejects AS SELECT 1 AS n; CREATE TEMP VIEW raw_b1 AS SELECT 1 AS n`,
      );
      await engine.run(`CREATE TEMP TABLE stats_b2 AS SELECT 1 AS n; CREATE TEMP VIEW raw_b2 AS SELECT 1 AS n`);
      await dropBatchObjects(engine, 'b1');
      const left = await engine.query<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY name`,
      );
      expect(left.map((r) => r.name)).toEqual(['raw_b2', 'stats_b2']);
    } finally {
      await engine.close();
    }
  });

  it('drops the objects of several batches at once', async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      await engine.run(
        `CREATE TEMP TABLE stats_b1 AS SELECT 1 AS n; CREATE TEMP VIEW raw_b2 AS SELECT 1 AS n; CREATE TEMP VIEW raw_b3 AS SELECT 1 AS n`,
      );
      await dropBatchObjects(engine, ['b1', 'b2']);
      await dropBatchObjects(engine, []);
      const left = await engine.query<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY name`,
      );
      expect(left.map((r) => r.name)).toEqual(['raw_b3']);
    } finally {
      await engine.close();
    }
  });
});
