import { DUCKDB_DIALECT, type SqlDialect } from '@acad/schemas';

/** Names the relation of an input such as `trusted.attendance` in the engine at hand. */
export type InputRelation = (input: string) => string;

/**
 * A curated data product: a SQL model over trusted datasets with declared inputs (dbt style).
 * Inputs are referenced through `relation('trusted.<dataset>')`; lineage comes from `inputs`.
 */
export interface CuratedModel {
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly string[];
  /** Inputs that must have data for the model to be built (others may be empty). */
  readonly requiredInputs: readonly string[];
  /** Output column → the input columns it is computed from. */
  readonly columnLineage: Readonly<Record<string, readonly string[]>>;
  /** The model's one definition, rendered for an engine's dialect. */
  render(dialect: SqlDialect, relation?: InputRelation): string;
  /** The DuckDB rendering over `trusted.<dataset>` views (the embedded engine). */
  readonly sql: string;
}

/** Inputs by their own names: the views the embedded engine registers. */
export const inputByName: InputRelation = (input) => input;

/** Defines a model once; its DuckDB SQL is derived from the same definition. */
export function defineCuratedModel(model: Omit<CuratedModel, 'sql'>): CuratedModel {
  return { ...model, sql: model.render(DUCKDB_DIALECT, inputByName) };
}
