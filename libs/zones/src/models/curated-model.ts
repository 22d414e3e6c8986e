/**
 * A curated data product: a SQL model over trusted datasets with declared inputs (dbt style).
 * Inputs are referenced in the SQL as `trusted.<dataset>`; lineage comes from `inputs`.
 */
export interface CuratedModel {
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly string[];
  /** Inputs that must have data for the model to be built (others may be empty). */
  readonly requiredInputs: readonly string[];
  /** Output column → the input columns it is computed from. */
  readonly columnLineage: Readonly<Record<string, readonly string[]>>;
  readonly sql: string;
}
