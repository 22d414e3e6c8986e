import { AGGREGATE_PRODUCTS, datasetResource } from '@acad/access';
import { column, DATASET_CONTRACTS, type ColumnSpec, type PiiClass } from '@acad/schemas';
import { CURATED_MODELS, type CuratedModel } from '@acad/zones';

// Curated columns are declared through the same helper as contract columns; their SQL types are
// read from the engine when shown.
export type PublishedColumn = ColumnSpec;

/** A dataset the server may publish: a trusted dataset (from its contract) or a curated product. */
export interface PublishedDataset {
  name: string;
  zone: 'trusted' | 'curated';
  description: string;
  resource: string;
  columns: PublishedColumn[];
  inputs: string[];
  columnLineage: Record<string, readonly string[]>;
  /** A trusted dataset's key columns: its encrypted fields are bound to them. */
  key?: readonly string[];
}

const piiRank = (pii: PiiClass) => ['none', 'quasi', 'identifier', 'sensitive', 'direct'].indexOf(pii);

function sourcePii(source: string): PiiClass {
  const [, dataset, column] = source.split('.');
  const found = DATASET_CONTRACTS.find((c) => c.name === dataset)?.columns.find((c) => c.name === column);
  return found?.pii ?? 'none';
}

/**
 * PII class of a product column: an aggregate publishes counts per group, so none; a student-level
 * product carries the strongest class among the columns it is computed from (its pseudonymous
 * key stays an identifier).
 */
function curatedColumns(model: CuratedModel): PublishedColumn[] {
  const aggregate = AGGREGATE_PRODUCTS.includes(model.name as (typeof AGGREGATE_PRODUCTS)[number]);
  return Object.entries(model.columnLineage).map(([name, sources]) =>
    column(name, 'text', `From ${sources.join(', ')}`, {
      pii: aggregate ? 'none' : sources.map(sourcePii).reduce<PiiClass>((a, b) => (piiRank(b) > piiRank(a) ? b : a), 'none'),
    }),
  );
}

export const PUBLISHED_DATASETS: readonly PublishedDataset[] = [
  ...DATASET_CONTRACTS.map(
    (c): PublishedDataset => ({
      name: c.name,
      zone: 'trusted',
      description: c.description,
      resource: datasetResource('trusted', c.name),
      columns: [...c.columns],
      inputs: [`landing.${c.name}`],
      columnLineage: {},
      key: [...c.key],
    }),
  ),
  ...CURATED_MODELS.map(
    (m): PublishedDataset => ({
      name: m.name,
      zone: 'curated',
      description: m.description,
      resource: datasetResource('curated', m.name),
      columns: curatedColumns(m),
      inputs: [...m.inputs],
      columnLineage: { ...m.columnLineage },
    }),
  ),
];

export function findPublished(name: string): PublishedDataset | undefined {
  return PUBLISHED_DATASETS.find((d) => d.name === name);
}
