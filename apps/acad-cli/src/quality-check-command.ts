import { readFileSync } from 'node:fs';
import type { Settings } from '@acad/config';
import {
  DatasetRulesInvalid,
  DqdlSyntaxError,
  evaluateRules,
  notEvaluatedHere,
  parseDqdl,
  ruleHistory,
  schemaFromContract,
  summariseResults,
  type QualitySummary,
  type Rule,
  type RuleResult,
} from '@acad/quality';
import { getContract } from '@acad/schemas';
import { openLake, qualityHistory } from './compose';

/** A rules file that cannot be read. */
export class RulesFileUnreadable extends Error {
  readonly code = 'RULES_FILE_UNREADABLE';

  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Cannot read the rules file ${file}: ${detail}`);
    this.name = 'RulesFileUnreadable';
  }
}

/** A dataset with nothing committed to trusted: the rules are valid but there is nothing to evaluate them on. */
export class NothingToCheck extends Error {
  readonly code = 'NOTHING_TO_CHECK';

  constructor(readonly dataset: string) {
    super(`The rules are valid DQDL, but dataset "${dataset}" has no committed data in trusted to evaluate them on.`);
    this.name = 'NothingToCheck';
  }
}

export interface QualityCheckReport {
  readonly file: string;
  readonly dataset: string;
  readonly relation: string;
  readonly rules: number;
  readonly summary: QualitySummary;
  readonly results: readonly RuleResult[];
  readonly notEvaluated: ReadonlyArray<{ readonly ruleId: string; readonly reason: string }>;
}

/**
 * `acad quality check <file.dqdl> --dataset <name>`: validates a DQDL ruleset (errors name the
 * file, line and column) and evaluates its rules on the current `trusted.<dataset>`, dynamic
 * rules against the quality history. Nothing is recorded or committed.
 */
export async function qualityCheck(settings: Settings, file: string, dataset: string): Promise<QualityCheckReport> {
  const contract = getContract(dataset);
  const rules = readRuleset(file);
  const lake = await openLake(settings);
  try {
    const relation = `trusted.${dataset}`;
    if (!lake.relations.includes(relation)) throw new NothingToCheck(dataset);
    // Reference datasets (ReferentialIntegrity) resolve to their own trusted data.
    const references = Object.fromEntries(
      lake.relations.filter((r) => r.startsWith('trusted.')).map((r) => [r.slice('trusted.'.length), r]),
    );
    const history = await ruleHistory(qualityHistory(settings), dataset, rules);
    const results = await evaluateRules(lake.engine, relation, rules, {
      references,
      history,
      schemas: { [dataset]: schemaFromContract(contract) },
    });
    return {
      file,
      dataset,
      relation,
      rules: rules.length,
      summary: summariseResults(results),
      results,
      notEvaluated: notEvaluatedHere(rules),
    };
  } finally {
    await lake.close();
  }
}

function readRuleset(file: string): Rule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RulesFileUnreadable(file, (error as Error).message);
  }
  try {
    return parseDqdl(text);
  } catch (error) {
    if (error instanceof DqdlSyntaxError) throw new DatasetRulesInvalid(file, error);
    throw error;
  }
}

export function formatQualityCheck(report: QualityCheckReport): string {
  const s = report.summary;
  const lines = [
    `${report.file}: valid DQDL, ${report.rules} rule(s)${report.notEvaluated.length ? `, ${report.notEvaluated.length} not evaluated here` : ''}`,
    `Evaluated on ${report.relation} (nothing recorded): ${s.passed} passed, ${s.warned} warned, ${s.failed} failed`,
    '',
    ...report.results.map((r) => {
      const metric = r.metric === null ? '—' : String(Math.round(r.metric * 10000) / 10000);
      const rows = r.failingRows ? `, ${r.failingRows} failing row(s)` : '';
      return `  ${r.outcome.padEnd(6)}  ${r.ruleId}  ${r.type} = ${metric}${rows}${r.detail ? ` — ${r.detail}` : ''}`;
    }),
  ];
  if (report.notEvaluated.length > 0) {
    lines.push(
      '',
      'Not evaluated here (kept, and sent to Glue as written):',
      ...report.notEvaluated.map((n) => `  ${n.ruleId}  ${n.reason}`),
    );
  }
  return lines.join('\n');
}
