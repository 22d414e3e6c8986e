import { CatalogEntrySchema, catalogEntryFromContract, portableTypeFromDuckDb, type CatalogEntry } from '@acad/catalog';
import type { Engine } from '@acad/engine';
import { duckDbType, getContract, sqlIdent, type DatasetContract } from '@acad/schemas';
import { FINGERPRINT_COLUMN } from './athena-batch-sql';
import type { CuratedModel } from './models/index';
import { hasDirectIdentifiers } from './protect-fields';

/**
 * Output columns of a curated model with their engine types (as the catalog records a built
 * product's), found by asking the embedded engine to DESCRIBE the model's DuckDB rendering over
 * empty, typed inputs: the same definition Athena runs, so no type list is kept by hand.
 */
export async function curatedColumns(engine: Engine, model: CuratedModel): Promise<Array<{ name: string; type: string }>> {
  for (const input of model.inputs) {
    const contract = getContract(input.slice('trusted.'.length));
    const typed = contract.columns.map((c) => `CAST(NULL AS ${duckDbType(c)}) AS ${sqlIdent(c.name)}`).join(', ');
    await engine.registerView(input, `SELECT ${typed} WHERE false`);
  }
  const described = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${model.sql}`);
  return described.map((c) => ({ name: c.column_name, type: c.column_type }));
}

export interface AthenaCatalogInput {
  contract: DatasetContract;
  zoneUrl: (zone: 'trusted' | 'curated') => string;
  trustedPartitions: readonly string[];
  curated: ReadonlyArray<{ model: CuratedModel; columns: Array<{ name: string; type: string }>; rows: number }>;
  now: string;
}

/**
 * The trusted and curated entries a batch on Athena leaves in the Glue catalog: only what Athena
 * can read. Raw and quarantine hold envelope-encrypted `.parquet.enc` objects, which no Glue table
 * can describe; they are read through the platform, which holds the keys.
 */
export function athenaCatalogEntries(input: AthenaCatalogInput): CatalogEntry[] {
  const { contract, now } = input;
  const entries = [
    catalogEntryFromContract(contract, 'trusted', {
      location: `${input.zoneUrl('trusted')}${contract.name}/`,
      now,
      partitions: input.trustedPartitions,
      // The merge reads it back from the Glue table to recognise re-delivered rows.
      ...(hasDirectIdentifiers(contract)
        ? {
            extraColumns: [
              {
                name: FINGERPRINT_COLUMN,
                type: 'string',
                description: "Keyed fingerprint of the row's plaintext: recognises re-deliveries of rows whose identifiers are encrypted.",
                pii: 'none',
                tags: ['lineage'],
              },
            ],
          }
        : {}),
    }),
  ];
  for (const { model, columns, rows } of input.curated) {
    entries.push(
      CatalogEntrySchema.parse({
        name: model.name,
        zone: 'curated',
        description: model.description,
        owner: contract.owner,
        contractVersion: contract.version,
        columns: columns.map((c) => ({
          name: c.name,
          type: portableTypeFromDuckDb(c.type, c.name),
          description: `${model.name}.${c.name}`,
          pii: 'none',
          tags: [],
        })),
        location: `${input.zoneUrl('curated')}${model.name}/`,
        format: 'parquet',
        partitionKeys: [],
        partitions: [],
        rowCount: rows,
        bytes: 0,
        createdAt: now,
        updatedAt: now,
        upstream: [...model.inputs],
        columnLineage: Object.fromEntries(Object.entries(model.columnLineage).map(([k, v]) => [k, [...v]])),
      }),
    );
  }
  return entries;
}
