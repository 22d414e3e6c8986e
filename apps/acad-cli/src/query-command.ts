import type { Settings } from '@acad/config';
import { createZoneStores, openLakeQuery } from '@acad/zones';
import { formatRows, type RowFormat } from './format-rows';

/** `acad query "<sql>"`: read-only SQL over trusted.<dataset> and curated.<product>. */
export async function queryCommand(settings: Settings, sql: string, format: RowFormat): Promise<string> {
  const lake = await openLakeQuery(createZoneStores(settings), {
    memoryLimit: settings.duckdbMemoryLimit,
    threads: settings.duckdbThreads,
  });
  try {
    await lake.engine.assertReadStatement(sql);
    return formatRows(await lake.engine.query(sql), format);
  } finally {
    await lake.close();
  }
}
