import { landFile, runLandingFile, type BatchStep } from '@acad/zones';
import { benchZoneContext } from '../bench-zone-context';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  csv: string;
  home: string;
}

const STEPS: BatchStep[] = ['stage', 'raw', 'trusted', 'curated', 'upload', 'commit', 'cleanup'];

/** landing → raw → trusted → curated for one big file, timed per step. */
runAsRunner<Input, object>(async ({ csv, home }) => {
  const ctx = await benchZoneContext(home, 'bench-ingest');
  const landStarted = performance.now();
  const key = await landFile(ctx.stores.landing, 'attendance', csv);
  const landMs = performance.now() - landStarted;
  const stepMs: Partial<Record<BatchStep, number>> = {};
  let current: { step: BatchStep; at: number } | undefined;
  const started = performance.now();
  ctx.onStep = (step) => {
    const at = performance.now();
    if (current) stepMs[current.step] = at - current.at;
    current = { step, at };
    reportProgress(STEPS.indexOf(step), STEPS.length);
  };
  const summary = await runLandingFile(ctx, 'attendance', key);
  const ms = performance.now() - started;
  if (current) stepMs[current.step] = performance.now() - current.at;
  if (summary.status !== 'committed') throw new Error(`The batch was ${summary.status}, not committed`);
  return { ms, landMs, stepMs, rows: summary.rows };
});
