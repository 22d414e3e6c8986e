/** A rule that cannot be compiled: duplicate id, missing column list, mismatched reference. */
export class InvalidRule extends Error {
  readonly code = 'QUALITY_RULE_INVALID';

  constructor(
    readonly ruleId: string,
    detail: string,
  ) {
    super(`Rule "${ruleId}": ${detail}`);
    this.name = 'InvalidRule';
  }
}

/** DQDL text that does not parse; `line` and `column` are 1-based. */
export class DqdlSyntaxError extends Error {
  readonly code = 'DQDL_SYNTAX';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'DqdlSyntaxError';
  }
}

/** A rule that DQDL cannot express, e.g. a column name with a comma in a ReferentialIntegrity list. */
export class DqdlUnrepresentable extends Error {
  readonly code = 'DQDL_UNREPRESENTABLE';

  constructor(
    readonly ruleId: string,
    detail: string,
  ) {
    super(`Rule "${ruleId}" cannot be written as DQDL: ${detail}`);
    this.name = 'DqdlUnrepresentable';
  }
}

/** A quality history file with a damaged line that is not the last (or an unusable dataset name). */
export class QualityHistoryCorrupt extends Error {
  readonly code = 'QUALITY_HISTORY_CORRUPT';

  constructor(
    readonly file: string,
    readonly line: number,
    detail = `line ${line} is not a JSON record`,
  ) {
    super(`Quality history ${file}: ${detail}`);
    this.name = 'QualityHistoryCorrupt';
  }
}

/** A dataset name that cannot name a history file (lower-case letters, digits and _ only). */
export class InvalidDatasetName extends Error {
  readonly code = 'UNKNOWN_DATASET';

  constructor(readonly dataset: string) {
    super(`"${dataset}" is not a dataset name: use lower-case letters, digits and _`);
    this.name = 'InvalidDatasetName';
  }
}

/** A rules file that is not valid DQDL: `file:line:column: detail`. */
export class DatasetRulesInvalid extends Error {
  readonly code = 'DATASET_RULES_INVALID';

  constructor(
    readonly file: string,
    override readonly cause: DqdlSyntaxError,
  ) {
    super(`${file}:${cause.line}:${cause.column}: ${cause.detail}`);
    this.name = 'DatasetRulesInvalid';
  }
}
