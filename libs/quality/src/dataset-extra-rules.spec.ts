import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { datasetExtraRules, readRulesFile } from './dataset-extra-rules';
import { DatasetRulesInvalid } from './quality-errors';
import type { Rule } from './rule';
import { rulesFromContract } from './rules-from-contract';

/** What a rule checks, whatever its id: two rules with the same key say the same thing twice. */
const checks = (rule: Rule): string => JSON.stringify({ ...rule, id: undefined, severity: undefined });

describe('datasetExtraRules (rules/<dataset>.dqdl beside the contracts)', () => {
  it.each(DATASET_CONTRACTS.map((c) => [c.name, c] as const))('%s: its rules file parses into rules named after the dataset', (name) => {
    const rules = datasetExtraRules(name);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.id.startsWith(`${name}.`)).toBe(true);
    expect(rules.filter((r) => r.type === 'NotEvaluated')).toEqual([]);
  });

  it.each(DATASET_CONTRACTS.map((c) => [c.name, c] as const))(
    '%s: no rule of the file repeats one the contract implies',
    (_name, contract) => {
      const derived = new Set(rulesFromContract(contract).map(checks));
      expect(datasetExtraRules(contract.name).filter((rule) => derived.has(checks(rule)))).toEqual([]);
    },
  );

  it('has no rules for a dataset without a file', () => {
    expect(datasetExtraRules('no_such_dataset')).toEqual([]);
  });

  it('names the file, line and column of a rules file that is not DQDL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acad-rules-'));
    try {
      const file = join(dir, 'broken.dqdl');
      writeFileSync(file, 'Rules = [\n  RowCount > 0,\n  IsComplete "a" > 0.5\n]\n');
      expect(() => readRulesFile(file)).toThrow(DatasetRulesInvalid);
      expect(() => readRulesFile(file)).toThrow(`${file}:3:3: IsComplete takes no condition`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
