import type { ColumnVisibility } from '@acad/access';
import type { OpenLake } from './lake-cache';
import { exportTypeOfContract, exportTypeOfSql, type ExportColumn } from './export-formats';
import type { PublishedDataset } from './published-datasets';

/**
 * The type each downloaded column is written as: a trusted dataset's from its contract, a product's
 * as the product stores it (its SQL is its contract), masked values as the text they became.
 */
export async function exportColumns(
  open: OpenLake,
  dataset: PublishedDataset,
  shown: readonly ColumnVisibility[],
): Promise<ExportColumn[]> {
  const stored = open.lake.relations.includes(`${dataset.zone}.${dataset.name}`)
    ? await open.lake.engine.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?',
        [dataset.zone, dataset.name],
      )
    : [];
  return shown.map(({ name, treatment }) => {
    if (treatment === 'mask') return { name, type: 'text' };
    const declared = dataset.zone === 'trusted' ? dataset.columns.find((c) => c.name === name)?.type : undefined;
    if (declared) return { name, type: exportTypeOfContract(declared) };
    const sqlType = stored.find((s) => s.column_name === name)?.data_type;
    return { name, type: sqlType ? exportTypeOfSql(sqlType) : 'text' };
  });
}
