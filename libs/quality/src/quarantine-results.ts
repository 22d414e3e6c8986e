import { contractRules, type DatasetContract } from '@acad/schemas';
import type { RuleResult } from './evaluate-rules';

/** What the row-level rules of a batch's contract sent to quarantine before the rules ran. */
export interface QuarantineCounts {
  /** Rows the contract checked: the batch's parsed rows, valid and invalid. */
  readonly checkedRows: number;
  /** Contract rule id → rows of the batch that broke it. */
  readonly byRule: ReadonlyMap<string, number>;
  /** Records of the file the parser could not read: quarantined before the contract ran. */
  readonly unparseable: number;
}

/**
 * The results of a batch with its row-level contract rules added, so that one record says what
 * the batch's rows broke: a rule evaluated on the accepted rows that also quarantined rows is
 * `warned` unless it failed outright; a contract rule with no rule of its own in the ruleset
 * (a type check, say) becomes a `ContractRule` result, `warned` when it quarantined rows, and
 * so does the parse (`<dataset>.parse`: records the parser could not read).
 * Quarantine never stops a batch, so it never makes a rule `failed`.
 */
export function withQuarantinedRows(
  contract: DatasetContract,
  results: readonly RuleResult[],
  quarantined: QuarantineCounts,
): RuleResult[] {
  const checks = contractRules(contract);
  const checkIds = new Set(checks.map((c) => c.id));
  const countOf = (ruleId: string) => quarantined.byRule.get(ruleId) ?? 0;
  const evaluated = results.map((result): RuleResult => {
    const rows = countOf(result.ruleId);
    if (!checkIds.has(result.ruleId)) return result;
    if (rows === 0 || result.outcome !== 'passed') return { ...result, quarantinedRows: rows };
    return {
      ...result,
      outcome: 'warned',
      quarantinedRows: rows,
      detail: `${rows} row(s) broke it and went to quarantine; the accepted rows pass`,
    };
  });
  const measured = new Set(results.map((r) => r.ruleId));
  const own = checks
    .filter((check) => !measured.has(check.id))
    .map((check): RuleResult => {
      const rows = countOf(check.id);
      const { checkedRows } = quarantined;
      return {
        ruleId: check.id,
        type: 'ContractRule',
        severity: 'error',
        outcome: rows === 0 ? 'passed' : 'warned',
        metric: checkedRows === 0 ? 1 : (checkedRows - rows) / checkedRows,
        threshold: { op: '=', value: 1 },
        failingRows: rows,
        quarantinedRows: rows,
        ...(rows === 0 ? {} : { detail: `${rows} row(s) quarantined: ${check.reason}` }),
      };
    });
  return [...evaluated, parseResult(contract, quarantined), ...own];
}

/** The parse of the file as a contract rule: every record read into the declared columns. */
function parseResult(contract: DatasetContract, { checkedRows, unparseable }: QuarantineCounts): RuleResult {
  const records = checkedRows + unparseable;
  return {
    ruleId: `${contract.name}.parse`,
    type: 'ContractRule',
    severity: 'error',
    outcome: unparseable === 0 ? 'passed' : 'warned',
    metric: records === 0 ? 1 : checkedRows / records,
    threshold: { op: '=', value: 1 },
    failingRows: unparseable,
    quarantinedRows: unparseable,
    ...(unparseable === 0
      ? {}
      : { detail: `${unparseable} record(s) could not be parsed and went to quarantine (npm run acad -- quarantine ${contract.name})` }),
  };
}
