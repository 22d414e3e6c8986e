import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { DuckDbEngine, sqlString } from '@acad/engine';

/** Writes a daily file and a correction derived from a lake's CSV (used by the scale suite). */
export async function deriveScaleFiles(
  lakeCsv: string,
  sizes: { daily: number; correction: number },
): Promise<{ daily: string; correction: string; cached: boolean }> {
  const out = { daily: `${lakeCsv}.daily-${sizes.daily}.csv`, correction: `${lakeCsv}.correction-${sizes.correction}.csv` };
  if (existsSync(out.daily) && existsSync(out.correction)) return { ...out, cached: true };
  const partial = { daily: `${out.daily}.partial-${process.pid}`, correction: `${out.correction}.partial-${process.pid}` };
  const engine = await DuckDbEngine.open({ mode: 'pipeline' });
  try {
    const lake = `read_csv(${sqlString(lakeCsv)}, header = true, all_varchar = true)`;
    // New teaching days after the lake's last (the week after it, Monday first), for course sections the lake holds.
    await engine.run(`
COPY (
  WITH monday AS (SELECT max(TRY_CAST(session_date AS DATE)) + CAST(8 - isodow(max(TRY_CAST(session_date AS DATE))) AS INTEGER) AS d FROM ${lake}),
  sections AS (SELECT DISTINCT ON (student_id, course_code, section) * FROM ${lake} WHERE TRY_CAST(session_date AS DATE) IS NOT NULL)
  SELECT student_id, course_code, section, strftime(monday.d + CAST(day AS INTEGER), '%Y-%m-%d') AS session_date, status, minutes_late,
    strftime(CAST(monday.d + CAST(day AS INTEGER) AS TIMESTAMP) + INTERVAL 17 HOUR, '%Y-%m-%dT%H:%M:%SZ') AS recorded_at
  FROM sections, monday, range(5) AS days(day)
  ORDER BY day, hash(student_id, course_code, section) LIMIT ${sizes.daily}
) TO ${sqlString(partial.daily)} (HEADER, DELIMITER ',')`);
    // Re-delivered rows of the lake with their status corrected, recorded later.
    await engine.run(`
COPY (
  SELECT student_id, course_code, section, session_date,
    CASE status WHEN 'present' THEN 'absent' ELSE 'present' END AS status, NULL AS minutes_late,
    strftime(coalesce(TRY_CAST(recorded_at AS TIMESTAMP), CAST(TRY_CAST(session_date AS DATE) AS TIMESTAMP)) + INTERVAL 30 DAY, '%Y-%m-%dT%H:%M:%SZ') AS recorded_at
  FROM (SELECT DISTINCT ON (student_id, course_code, section, session_date) * FROM ${lake}
        WHERE TRY_CAST(session_date AS DATE) IS NOT NULL
          AND status IN ('present', 'absent', 'late', 'excused'))
  ORDER BY hash(student_id, session_date) LIMIT ${sizes.correction}
) TO ${sqlString(partial.correction)} (HEADER, DELIMITER ',')`);
  } finally {
    await engine.close();
  }
  // Renamed only when whole, so a cached file is never a half-written one.
  await rename(partial.daily, out.daily);
  await rename(partial.correction, out.correction);
  return { ...out, cached: false };
}
