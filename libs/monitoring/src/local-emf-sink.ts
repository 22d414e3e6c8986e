import { appendFile, chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toEmfDocuments } from './emf';
import { fromEmfDocument } from './emf-reader';
import type { Metric } from './metric';
import type { MetricsSink } from './metrics-sink';

export const DEFAULT_MAX_METRICS_FILE_BYTES = 10 * 1024 * 1024;

const METRICS_FILE = /^metrics-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.jsonl$/;

export interface LocalEmfSinkOptions {
  namespace?: string;
  /** A file that would grow past this size is closed and `-1`, `-2`, … files follow. Default 10 MiB. */
  maxFileBytes?: number;
  /** Clock for the daily file name (UTC); tests inject one. */
  now?: () => Date;
}

/** The folder that holds local metric files. */
export function localMetricsDirectory(home: string): string {
  return join(home, 'metrics');
}

/**
 * Appends one EMF JSON document per line to `<home>/metrics/metrics-YYYY-MM-DD[-N].jsonl`, the
 * same lines the CloudWatch agent would ship, so a laptop's metrics can be replayed to AWS.
 * Each publish is one append, so concurrent writers interleave whole batches, not partial lines.
 */
export class LocalEmfSink implements MetricsSink {
  readonly directory: string;
  private readonly maxFileBytes: number;
  private readonly now: () => Date;
  private readonly namespace: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(home: string, options: LocalEmfSinkOptions = {}) {
    this.directory = localMetricsDirectory(home);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_METRICS_FILE_BYTES;
    this.now = options.now ?? (() => new Date());
    this.namespace = options.namespace;
  }

  publish(metrics: readonly Metric[]): Promise<void> {
    if (metrics.length === 0) return Promise.resolve();
    const lines = toEmfDocuments(metrics, { namespace: this.namespace }).map((doc) => JSON.stringify(doc) + '\n');
    const payload = lines.join('');
    // Serialise this instance's writes so two publishes never pick the same file size-check at once.
    const next = this.queue.then(() => this.append(payload));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async append(payload: string): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    // mkdir's mode is masked by the umask and ignored for an existing folder: set it outright.
    await chmod(this.directory, 0o700);
    const file = await this.fileFor(Buffer.byteLength(payload));
    await appendFile(file, payload, { mode: 0o600 });
  }

  private async fileFor(payloadBytes: number): Promise<string> {
    const day = this.now().toISOString().slice(0, 10);
    const names = await readdir(this.directory);
    let index = 0;
    for (const name of names) {
      const match = METRICS_FILE.exec(name);
      if (match && match[1] === day) index = Math.max(index, Number(match[2] ?? 0));
    }
    const current = join(this.directory, fileName(day, index));
    const size = await stat(current).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + payloadBytes > this.maxFileBytes) return join(this.directory, fileName(day, index + 1));
    return current;
  }
}

function fileName(day: string, index: number): string {
  return index === 0 ? `metrics-${day}.jsonl` : `metrics-${day}-${index}.jsonl`;
}

export interface MetricsFileProblem {
  file: string;
  line: number;
  message: string;
}

export interface ReadLocalMetricsOptions {
  /** Only metrics at or after this instant (files from earlier days are not opened). */
  since?: Date;
  /** Called for each line that is not a valid EMF document; such lines are skipped. */
  onProblem?: (problem: MetricsFileProblem) => void;
}

/** Reads the metrics written under `<home>/metrics` back, oldest file first. A missing folder holds none. */
export async function readLocalMetrics(home: string, options: ReadLocalMetricsOptions = {}): Promise<Metric[]> {
  const directory = localMetricsDirectory(home);
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const sinceDay = options.since?.toISOString().slice(0, 10);
  const files = names
    .map((name) => ({ name, match: METRICS_FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .filter((f) => sinceDay === undefined || f.match[1] >= sinceDay)
    .sort((a, b) => (a.match[1] === b.match[1] ? Number(a.match[2] ?? 0) - Number(b.match[2] ?? 0) : a.match[1] < b.match[1] ? -1 : 1));
  const metrics: Metric[] = [];
  for (const { name } of files) {
    const file = join(directory, name);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const problem = (message: string) => options.onProblem?.({ file, line: index + 1, message });
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        problem(`not JSON (${(error as Error).message})`);
        return;
      }
      const read = fromEmfDocument(parsed);
      if (read.problems.length > 0) problem(read.problems.join('; '));
      for (const metric of read.metrics) {
        if (options.since === undefined || metric.timestamp >= options.since) metrics.push(metric);
      }
    });
  }
  return metrics;
}
