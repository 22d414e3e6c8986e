import { DUCKDB_DIALECT, type SqlDialect } from '@acad/schemas';

/** Names the relation of an input such as `trusted.attendance` in the engine at hand. */
export type InputRelation = (input: string) => string;

/**
 * How a model refers to an input (dbt's `ref()`): every input it reads, it reads through this,
 * so its inputs are known from its SQL. An `optional` input may have no data (a LEFT JOIN).
 */
export type ModelRelation = (input: string, options?: { optional?: boolean }) => string;

/**
 * Which groups of a product the rows of one input feed: the value of each of the model's
 * `refreshBy` columns, as SQL over the input row's own columns (unqualified). `rebuild`: the
 * input's rows feed groups that cannot be told from the row alone (a reference dataset joined
 * in), so a change to it rebuilds the whole product.
 */
export type GroupsOf = ((dialect: SqlDialect) => Readonly<Record<string, string>>) | 'rebuild';

/** The rows of an input that feed a group: its `column` within `days` days from the group's `group` value. */
export interface RowSpan {
  readonly column: string;
  readonly group: string;
  readonly days: number;
}

/**
 * How a batch that only replaces rows of a group (a correction: each row it writes has the key of
 * a row it replaces, `_change` 1 and -1 in the batch's changed rows) moves the group's product row
 * without reading the group's other rows. Each of `counts` (product column → the condition over
 * an input row it counts) moves by the written rows it counts less the replaced rows it counts;
 * `render` gives the groups' product rows from their `current` rows and their `delta` (the
 * `refreshBy` columns, named as in the product, and each count's change). The model's other
 * columns must not depend on what a row with the same key can change (a count of distinct key
 * values). Groups a batch changes otherwise are recomputed.
 */
export interface ReplaceDelta {
  readonly input: string;
  readonly counts: Readonly<Record<string, string>>;
  render(dialect: SqlDialect, current: string, delta: string): string;
}

/** What a model's author writes; inputs and required inputs are read off `render`. */
export interface CuratedModelDefinition {
  readonly name: string;
  readonly description: string;
  /** Output columns that identify a row of the product (its unique key); the product is ordered by them. */
  readonly grain: readonly string[];
  /**
   * The grain columns a batch's changes are refreshed by (dbt's `unique_key`): every input row
   * feeds groups of one value of them, so the product rows with that value are recomputed from
   * the input rows with that value, and no others change. Coarser than the grain when a
   * group's value depends on its neighbours (a share of a section total).
   */
  readonly refreshBy: readonly string[];
  /** Per input: the `refreshBy` values of the groups its rows feed. */
  readonly groupsOf: Readonly<Record<string, GroupsOf>>;
  /**
   * Per input whose rows feed a group only within a span of one of its columns: the rows feeding
   * the group whose `refreshBy` column `group` is `g` have `column` in [g, g + `days` days) (a
   * week's rows, for a product by week). A refresh then reads only the input's partitions that
   * span can fall in, not the whole input.
   */
  readonly spans?: Readonly<Record<string, RowSpan>>;
  /** For a model whose input is corrected in place: how a batch of replacements moves its counts. */
  readonly replace?: ReplaceDelta;
  /** Output column → the input columns it is computed from. */
  readonly columnLineage: Readonly<Record<string, readonly string[]>>;
  /** The model's one definition, rendered for an engine's dialect. */
  render(dialect: SqlDialect, relation?: ModelRelation): string;
}

/**
 * A curated data product: a SQL model over trusted datasets (dbt style). Inputs are referenced
 * through `relation('trusted.<dataset>')`; lineage comes from `inputs`.
 */
export interface CuratedModel extends CuratedModelDefinition {
  /** Inputs the SQL references, in order of first reference. */
  readonly inputs: readonly string[];
  /** Inputs that must have data for the model to be built (those not referenced as optional). */
  readonly requiredInputs: readonly string[];
  /** The DuckDB rendering over `trusted.<dataset>` views (the embedded engine). */
  readonly sql: string;
}

/** Inputs by their own names: the views the embedded engine registers. */
export const inputByName: InputRelation = (input) => input;

/**
 * Defines a model once: its inputs are recorded while its DuckDB SQL is rendered, and its
 * refresh declaration is checked against them.
 */
export function defineCuratedModel(model: CuratedModelDefinition): CuratedModel {
  const referenced = new Map<string, boolean>();
  const sql = model.render(DUCKDB_DIALECT, (input, options) => {
    referenced.set(input, (referenced.get(input) ?? true) && options?.optional === true);
    return input;
  });
  const inputs = [...referenced.keys()];
  const wrong = (why: string) => new Error(`Curated model ${model.name}: ${why}`);
  if (inputs.length === 0) throw wrong('its SQL references no input through relation()');
  for (const column of model.refreshBy) if (!model.grain.includes(column)) throw wrong(`refreshBy column ${column} is not in its grain`);
  const declared = Object.keys(model.groupsOf).sort();
  if (declared.join() !== [...inputs].sort().join())
    throw wrong(`groupsOf names ${declared.join(', ')}; its SQL reads ${inputs.join(', ')}`);
  for (const [input, span] of Object.entries(model.spans ?? {})) {
    if (!inputs.includes(input)) throw wrong(`spans names ${input}, which its SQL does not read`);
    if (!model.refreshBy.includes(span.group)) throw wrong(`the span of ${input} is by ${span.group}, not a refreshBy column`);
  }
  if (model.replace) {
    if (!inputs.includes(model.replace.input)) throw wrong(`its replace delta is over ${model.replace.input}, which its SQL does not read`);
    if (model.groupsOf[model.replace.input] === 'rebuild')
      throw wrong(`its replace delta's input ${model.replace.input} rebuilds the product`);
    for (const column of Object.keys(model.replace.counts))
      if (!(column in model.columnLineage)) throw wrong(`its replace delta counts ${column}, which is not one of its columns`);
  }
  for (const [input, groups] of Object.entries(model.groupsOf)) {
    if (groups === 'rebuild') continue;
    const columns = Object.keys(groups(DUCKDB_DIALECT)).sort();
    if (columns.join() !== [...model.refreshBy].sort().join())
      throw wrong(`groupsOf ${input} gives ${columns.join(', ')}, not its refreshBy`);
  }
  return {
    ...model,
    inputs,
    requiredInputs: inputs.filter((input) => !referenced.get(input)),
    sql,
  };
}
