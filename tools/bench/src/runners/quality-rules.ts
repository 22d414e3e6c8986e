import { isDeepStrictEqual } from 'node:util';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { datasetRules, evaluateRules, parseDqdl, toDqdl } from '@acad/quality';
import { AttendanceContract } from '@acad/schemas';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  csv: string;
  /** Timed repetitions of each part; the median is reported. */
  repeats: number;
}

const COLUMNS = ['student_id', 'course_code', 'section', 'session_date', 'status', 'minutes_late', 'recorded_at', 'source_system'];

/**
 * Loads the attendance CSV into a typed in-memory DuckDB table (not timed), then times, on that
 * same table, one bare scan touching every column, the full attendance ruleset, and the same
 * ruleset authored as DQDL text (parsed, then evaluated).
 */
runAsRunner<Input, object>(async ({ csv, repeats }) => {
  const engine = await DuckDbEngine.open({ mode: 'pipeline' });
  try {
    const [{ threads }] = await engine.query<{ threads: string }>(`SELECT current_setting('threads')::VARCHAR AS threads`);
    await engine.run(`
      CREATE TABLE attendance AS SELECT
        student_id, course_code, section, TRY_CAST(session_date AS DATE) AS session_date, lower(status) AS status,
        TRY_CAST(minutes_late AS BIGINT) AS minutes_late, TRY_CAST(recorded_at AS TIMESTAMPTZ) AS recorded_at, source_system
      FROM read_csv(${sqlString(csv)}, all_varchar = true);
      CREATE TABLE students AS SELECT DISTINCT student_id FROM attendance;
      CREATE TABLE courses AS SELECT DISTINCT course_code, section FROM attendance;
    `);
    const [{ rows }] = await engine.query<{ rows: number }>('SELECT count(*) AS rows FROM attendance');
    reportProgress(1, 3);
    const scanSql = `SELECT count(*), ${COLUMNS.map((c) => `min(${c}), max(${c})`).join(', ')} FROM attendance`;
    const rules = datasetRules(AttendanceContract);
    const scanOnly = rules.filter((r) => r.type !== 'ReferentialIntegrity');
    const time = async (work: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < repeats; i += 1) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    await engine.query(scanSql); // warm-up: the first scan pays for lazy allocations
    const scanMs = await time(() => engine.query(scanSql));
    reportProgress(2, 3);
    const rulesMs = await time(() => evaluateRules(engine, 'attendance', rules));
    const scanRulesMs = await time(() => evaluateRules(engine, 'attendance', scanOnly));
    // As a batch's gate runs it: the key rule judged on the counts the promotion's de-duplication
    // gives (one row per key), the rest scanned. Only the time is taken from this run.
    const keyRule = rules.find((r) => r.type === 'IsPrimaryKey');
    const measured = new Map(
      keyRule ? [[keyRule.id, { considered: Number(rows), failing: 0, detail: 'measured by the promotion (bench)' }]] : [],
    );
    const gateMs = await time(() => evaluateRules(engine, 'attendance', rules, { measured }));
    // The same rules as a DQDL file would hold them: parsed each time, then evaluated.
    const dqdl = toDqdl(rules);
    if (!isDeepStrictEqual(parseDqdl(dqdl), rules)) throw new Error('the DQDL ruleset does not parse back to the same rules');
    const dqdlMs = await time(() => evaluateRules(engine, 'attendance', parseDqdl(dqdl)));
    const parseMs = await time(async () => parseDqdl(dqdl));
    reportProgress(3, 3);
    const results = await evaluateRules(engine, 'attendance', rules);
    return {
      ms: scanMs + rulesMs + scanRulesMs + dqdlMs,
      rows,
      threads: Number(threads),
      scanMs,
      rulesMs,
      scanRulesMs,
      gateMs,
      dqdlMs,
      parseMs,
      dqdlLines: dqdl.split('\n').length,
      ruleCount: rules.length,
      referenceRules: rules.length - scanOnly.length,
      outcomes: Object.fromEntries(results.map((r) => [r.ruleId, r.outcome])),
    };
  } finally {
    await engine.close();
  }
});
