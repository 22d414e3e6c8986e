import type { Settings } from '@acad/config';
import { buildColumnLineage, buildLineage, type Lineage } from '@acad/catalog';
import { UnknownCatalogColumn, openCatalogView, resolveDatasetName } from './catalog-view';

export interface LineageReport extends Lineage {
  /** The dataset (`curated.attendance_weekly`) or column (`…attendance_weekly.attendance_rate`) asked about. */
  readonly name: string;
}

/** Upstream and downstream lineage of a dataset, or of one of its columns. */
export async function lineageOf(settings: Settings, dataset: string, column?: string): Promise<LineageReport> {
  const entries = (await openCatalogView(settings)).model.lineageEntries();
  const qualified = resolveDatasetName(entries, dataset);
  if (column === undefined) return { name: qualified, ...buildLineage(entries, qualified) };
  const name = `${qualified}.${column}`;
  const owner = entries.find((e) => `${e.zone}.${e.name}` === qualified);
  if (!owner?.columns.some((c) => c.name === column))
    throw new UnknownCatalogColumn(qualified, column, owner?.columns.map((c) => c.name) ?? []);
  return { name, ...buildColumnLineage(entries, name) };
}
