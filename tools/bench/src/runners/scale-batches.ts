import { landFile, readSnapshot, runLandingFile, type BatchStep, type BatchSummary } from '@acad/zones';
import { benchZoneContext } from '../bench-zone-context';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  home: string;
  /** Ingested first, untimed: the lake the timed batches land in (left out: an empty lake). */
  lakeCsv?: string;
  daily: string;
  correction?: string;
}

interface Timed {
  ms: number;
  rows: BatchSummary['rows'];
  /** Milliseconds in each step of the batch (stage, raw, trusted, quality, curated, upload, commit, cleanup). */
  stepMs: Partial<Record<BatchStep, number>>;
}

/**
 * A lake of `lakeCsv` (or an empty one), then a daily file and a correction, each timed alone as
 * the worker runs it (runLandingFile from landing to commit). Reports the trusted files per
 * partition afterwards: the layout a correction rewrites.
 */
runAsRunner<Input, object>(async ({ home, lakeCsv, daily, correction }) => {
  const ctx = await benchZoneContext(home, 'bench-scale');
  const run = async (path: string): Promise<Timed> => {
    const key = await landFile(ctx.stores.landing, 'attendance', path);
    const stepMs: Partial<Record<BatchStep, number>> = {};
    let current: { step: BatchStep; at: number } | undefined;
    const close = (at: number) => {
      if (current) stepMs[current.step] = (stepMs[current.step] ?? 0) + at - current.at;
    };
    ctx.onStep = (step) => {
      const at = performance.now();
      close(at);
      current = { step, at };
    };
    const started = performance.now();
    const summary = await runLandingFile(ctx, 'attendance', key);
    const ms = performance.now() - started;
    close(performance.now());
    ctx.onStep = undefined;
    if (summary.status !== 'committed') throw new Error(`${path} was ${summary.status}, not committed: ${summary.problem ?? ''}`);
    return { ms, rows: summary.rows, stepMs };
  };
  let setupMs = 0;
  if (lakeCsv) {
    reportProgress(0, 3);
    const started = performance.now();
    await run(lakeCsv);
    setupMs = performance.now() - started;
  }
  reportProgress(1, 3);
  const dailyRun = await run(daily);
  reportProgress(2, 3);
  const correctionRun = correction ? await run(correction) : undefined;
  const snapshot = await readSnapshot(ctx.stores.platform);
  const files = [...(snapshot.trusted.get('attendance')?.values() ?? [])].map((f) => f.length);
  return {
    ms: dailyRun.ms + (correctionRun?.ms ?? 0),
    setupMs,
    daily: dailyRun,
    ...(correctionRun ? { correction: correctionRun } : {}),
    partitions: files.length,
    filesPerPartition: { max: Math.max(0, ...files), mean: files.length ? files.reduce((a, b) => a + b, 0) / files.length : 0 },
  };
});
