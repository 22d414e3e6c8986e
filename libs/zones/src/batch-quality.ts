import { contractRules, type DatasetContract } from '@acad/schemas';
import type { BatchSummary } from './batch-summary';

/**
 * The batch's quality block from its row-level rules: a rule that some rows broke is a
 * warning (those rows are quarantined and the batch goes on); the rest passed.
 */
export function batchQuality(contract: DatasetContract, violationsByRule: ReadonlyMap<string, number>): BatchSummary['quality'] {
  const rules = contractRules(contract);
  const warned = rules.filter((r) => (violationsByRule.get(r.id) ?? 0) > 0).length;
  const passed = rules.length - warned;
  return { passed, warned, failed: 0, score: rules.length === 0 ? 1 : Math.round((passed / rules.length) * 1000) / 1000 };
}
