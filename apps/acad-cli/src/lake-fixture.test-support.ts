import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@acad/config';
import { landFile, pipelineEngineFactory, runLandingFile, type ZoneContext } from '@acad/zones';
import { runCli } from './cli';
import { dataProtection, zoneStores } from './compose';

/** `acad <args>` in this process against ACAD_HOME `home` (and `env`'s other settings): exit code and output. */
export async function runAcad(
  home: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent', ...env },
    cwd: home,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/**
 * One small attendance file (one valid, one quarantined row) through every zone, as the ingestion
 * worker runs it; `row` replaces the valid row (a different file: the first is a duplicate when run again).
 */
export async function ingestAttendance(home: string, row = 'S0000001,CS101,A,2025-09-01,present'): Promise<void> {
  const settings = loadSettings({ env: { ACAD_HOME: home }, cwd: home });
  const stores = zoneStores(settings);
  const ctx: ZoneContext = {
    stores,
    protection: await dataProtection(settings, stores),
    openEngine: pipelineEngineFactory(settings),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    owner: 'test',
    runId: 'test',
  };
  const file = join(home, 'attendance.csv');
  writeFileSync(file, `student_id,course_code,section,session_date,status\n${row}\nbad,CS101,A,2025-09-01,absent\n`);
  const summary = await runLandingFile(ctx, 'attendance', await landFile(stores.landing, 'attendance', file));
  if (summary.status !== 'committed') throw new Error(`the attendance file did not commit: ${summary.status}`);
}
