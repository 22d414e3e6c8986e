/**
 * Rules that relate columns of one row. Each kind is compiled both to the zod contract and to
 * SQL, so the two can never disagree (libs/schemas compilers and the property test).
 */
export type RowRule =
  | {
      /** `column` must be present when `when` equals `equals`, and null or `otherwise` when not. */
      readonly kind: 'required-when';
      readonly id: string;
      readonly column: string;
      readonly when: string;
      readonly equals: string;
      readonly otherwiseNullOr?: number;
    }
  | {
      /** Date `column` must not be before date `other` (when both are present). */
      readonly kind: 'not-before';
      readonly id: string;
      readonly column: string;
      readonly other: string;
    }
  | {
      /** Whole years from date `column` to date `at` must lie in [min, max]. */
      readonly kind: 'age-between';
      readonly id: string;
      readonly column: string;
      readonly at: string;
      readonly min: number;
      readonly max: number;
    };

export function describeRowRule(rule: RowRule): string {
  switch (rule.kind) {
    case 'required-when':
      return rule.otherwiseNullOr === undefined
        ? `${rule.column} is required when ${rule.when} is ${rule.equals}`
        : `${rule.column} is required when ${rule.when} is ${rule.equals}, and empty or ${rule.otherwiseNullOr} otherwise`;
    case 'not-before':
      return `${rule.column} must not be before ${rule.other}`;
    case 'age-between':
      return `age from ${rule.column} to ${rule.at} must be between ${rule.min} and ${rule.max}`;
  }
}
