import type { Settings } from '@acad/config';
import { resolveAsOf } from '@acad/zones';
import { openLake, zoneStores } from './compose';
import { formatRows, type RowFormat } from './format-rows';

/** A query on a lake that holds no committed data yet (DuckDB would only say a schema is missing). */
export class NoDataYet extends Error {
  readonly code = 'NO_DATA_YET';
  constructor(home: string) {
    super(`No data yet in ${home}: ingest a file first (npm run ingest -- <file> --dataset <name>), then query.`);
    this.name = 'NoDataYet';
  }
}

/**
 * `acad query "<sql>"`: read-only SQL over trusted.<dataset> and curated.<product>; with `asOf` (a
 * commit number, a day or a moment), over the lake as it was committed then.
 */
export async function queryCommand(settings: Settings, sql: string, format: RowFormat, asOf?: string): Promise<string> {
  const stores = zoneStores(settings);
  const lake = await openLake(settings, stores, asOf === undefined ? undefined : await resolveAsOf(stores.platform, asOf));
  try {
    await lake.engine.assertReadStatement(sql);
    if (lake.relations.length === 0) throw new NoDataYet(settings.home);
    return formatRows(await lake.engine.query(sql), format);
  } finally {
    await lake.close();
  }
}
