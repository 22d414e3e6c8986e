import { Presets, SingleBar } from 'cli-progress';

/** One bar for the part being measured, drawn only on a terminal (and never with --json). */
export class BenchProgress {
  private bar?: SingleBar;

  constructor(private readonly stream: NodeJS.WriteStream | undefined) {}

  static forTerminal(enabled: boolean): BenchProgress {
    return new BenchProgress(enabled && process.stderr.isTTY ? process.stderr : undefined);
  }

  /** Starts a bar for `label`; a later `start` replaces it. */
  start(label: string, total: number): void {
    this.stop();
    if (!this.stream) return;
    this.bar = new SingleBar(
      { format: `{label} [{bar}] {percentage}% | {value}/{total}`, stream: this.stream, hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    this.bar.start(Math.max(total, 1), 0, { label: label.padEnd(28) });
  }

  update(done: number, total?: number): void {
    if (total !== undefined) this.bar?.setTotal(Math.max(total, 1));
    this.bar?.update(done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
