import { SingleBar, Presets } from 'cli-progress';
import type { BatchStep } from '@acad/zones';

const STEPS: BatchStep[] = ['stage', 'raw', 'trusted', 'quality', 'curated', 'upload', 'commit', 'cleanup'];

/** A progress bar over batches and their steps, drawn only on a terminal. */
export class BatchProgress {
  private readonly bar?: SingleBar;
  private done = 0;
  private position = 0;

  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (!stream.isTTY) return;
    this.bar = new SingleBar(
      { format: 'ingest [{bar}] {percentage}% | {batch}/{batches} {file} · {step}', stream, hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    this.bar.start(total * STEPS.length, 0, { batch: 0, batches: total, file: '', step: '' });
  }

  /**
   * A batch reached a step. Files promoted together (a group commit) report their steps
   * interleaved, file after file, before any of them is done: the bar never moves back.
   */
  step(step: BatchStep, file: string): void {
    this.position = Math.max(this.position, this.done * STEPS.length + STEPS.indexOf(step) + 1);
    this.bar?.update(this.position, { batch: this.done + 1, file, step });
  }

  batchDone(): void {
    this.done += 1;
    this.position = Math.max(this.position, this.done * STEPS.length);
    this.bar?.update(this.position);
  }

  /** Share of the work done, 0–1. */
  get progress(): number {
    return this.position / (this.total * STEPS.length);
  }

  stop(): void {
    this.bar?.stop();
  }
}
