/**
 * The rule types of awslabs/dqdl `configuration/rules/rules-config.json`: how many parameters
 * each takes (the last may repeat), which conditions its result accepts, and whether it takes a
 * `with threshold` tag or a `where` clause. A type listed more than once is chosen by its number
 * of parameters, first match first, as the official `DQRuleType.getRuleType` does.
 */
export type DqdlReturnType =
  | 'NUMBER'
  | 'BOOLEAN'
  | 'STRING'
  | 'STRING_ARRAY'
  | 'NUMBER_ARRAY'
  | 'DATE'
  | 'DATE_ARRAY'
  | 'DURATION_ARRAY'
  | 'SIZE';

export interface DqdlRuleTypeSpec {
  readonly name: string;
  readonly parameters: number;
  /** The last parameter repeats: at least `parameters` are given. */
  readonly varArg?: boolean;
  readonly returns: readonly DqdlReturnType[];
  readonly threshold?: boolean;
  readonly where?: boolean;
  readonly analyzerOnly?: boolean;
}

const column = (name: string, returns: DqdlReturnType, extra: Partial<DqdlRuleTypeSpec> = {}): DqdlRuleTypeSpec => ({
  name,
  parameters: 1,
  returns: [returns],
  where: true,
  ...extra,
});

export const DQDL_RULE_TYPES: readonly DqdlRuleTypeSpec[] = [
  { name: 'RowCount', parameters: 0, returns: ['NUMBER'], where: true },
  { name: 'RowCountMatch', parameters: 1, returns: ['NUMBER'] },
  { name: 'ColumnCount', parameters: 0, returns: ['NUMBER'] },
  column('Completeness', 'NUMBER'),
  column('IsComplete', 'BOOLEAN'),
  column('ColumnDataType', 'STRING', { threshold: true }),
  { name: 'ColumnNamesMatchPattern', parameters: 1, returns: ['BOOLEAN'] },
  { name: 'ColumnExists', parameters: 1, returns: ['BOOLEAN'] },
  { name: 'ColumnCorrelation', parameters: 2, returns: ['NUMBER'], where: true },
  column('Uniqueness', 'NUMBER', { varArg: true }),
  column('IsUnique', 'BOOLEAN', { varArg: true }),
  column('Mean', 'NUMBER'),
  column('Sum', 'NUMBER'),
  column('StandardDeviation', 'NUMBER'),
  column('Variance', 'NUMBER'),
  column('Entropy', 'NUMBER'),
  column('DistinctValuesCount', 'NUMBER'),
  column('UniqueValueRatio', 'NUMBER'),
  column('ColumnLength', 'NUMBER'),
  column('IsPrimaryKey', 'BOOLEAN', { varArg: true }),
  { name: 'ColumnValues', parameters: 1, returns: ['STRING_ARRAY', 'NUMBER_ARRAY', 'DATE_ARRAY'], threshold: true, where: true },
  column('DataFreshness', 'DURATION_ARRAY'),
  { name: 'CustomSql', parameters: 1, returns: ['NUMBER', 'BOOLEAN'], threshold: true },
  { name: 'ReferentialIntegrity', parameters: 2, returns: ['NUMBER'] },
  { name: 'DatasetMatch', parameters: 2, returns: ['NUMBER'] },
  { name: 'DatasetMatch', parameters: 3, returns: ['NUMBER'] },
  { name: 'SchemaMatch', parameters: 1, returns: ['NUMBER'] },
  { name: 'AggregateMatch', parameters: 2, returns: ['NUMBER'] },
  { name: 'DetectAnomalies', parameters: 1, varArg: true, returns: ['BOOLEAN'] },
  { name: 'AllStatistics', parameters: 1, returns: ['NUMBER'], analyzerOnly: true },
  { name: 'FileMatch', parameters: 2, returns: ['BOOLEAN'] },
  { name: 'FileMatch', parameters: 1, returns: ['STRING'] },
  { name: 'FileMatch', parameters: 0, returns: ['STRING'] },
  { name: 'FileUniqueness', parameters: 1, returns: ['NUMBER'] },
  { name: 'FileUniqueness', parameters: 0, returns: ['NUMBER'] },
  { name: 'FileFreshness', parameters: 1, returns: ['DATE'], threshold: true },
  { name: 'FileFreshness', parameters: 0, returns: ['DATE'], threshold: true },
  { name: 'FileSize', parameters: 1, returns: ['SIZE'], threshold: true },
  { name: 'FileSize', parameters: 0, returns: ['SIZE'], threshold: true },
];

/** The spec of `name` with `count` parameters, or undefined when there is none. */
export function dqdlRuleType(name: string, count: number): DqdlRuleTypeSpec | undefined {
  return DQDL_RULE_TYPES.find((spec) => spec.name === name && (spec.varArg ? count >= spec.parameters : count === spec.parameters));
}

/** Whether DQDL knows a rule type of this name at all (to tell a wrong name from a wrong arity). */
export function isDqdlRuleTypeName(name: string): boolean {
  return DQDL_RULE_TYPES.some((spec) => spec.name === name);
}
