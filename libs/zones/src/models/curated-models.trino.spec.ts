import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRINO_DIALECT } from '@acad/schemas';
import { CURATED_MODELS } from './registry';

// The Glue database holds one table per zone and dataset (`trusted_attendance`), which is how
// Athena names a model's inputs. Regenerate after a deliberate change with ACAD_UPDATE_GOLDENS=1.
const glueTable = (input: string) => input.replace('.', '_');

describe('curated models in the Trino dialect (goldens)', () => {
  it.each(CURATED_MODELS.map((m) => [m.name, m] as const))('%s', (name, model) => {
    const sql = model.render(TRINO_DIALECT, glueTable);
    const path = join(__dirname, `${name.replace(/_/g, '-')}.trino.sql`);
    if (process.env['ACAD_UPDATE_GOLDENS'] === '1') writeFileSync(path, `${sql.trim()}\n`);
    expect(sql.trim()).toBe(readFileSync(path, 'utf8').trim());
  });

  it.each(CURATED_MODELS.map((m) => [m.name, m] as const))('%s uses no DuckDB-only construct', (_name, model) => {
    const sql = model.render(TRINO_DIALECT, glueTable);
    for (const duckOnly of ['GROUP BY ALL', 'median(', 'MATERIALIZED', 'FILTER (WHERE status <>', '::', 'QUALIFY', 'trusted.'])
      expect(sql).not.toContain(duckOnly);
  });

  it('renders the DuckDB SQL from the same definition', () => {
    for (const model of CURATED_MODELS) expect(model.sql).toContain('FROM trusted.');
  });
});
