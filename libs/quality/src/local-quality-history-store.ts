import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidDatasetName, QualityHistoryCorrupt } from './quality-errors';
import type { BatchQualityRecord, HistoryQuery, QualityHistoryStore } from './quality-history-store';

const DATASET_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The history as JSON lines, one file per dataset: `<home>/quality/<dataset>.jsonl`. Append
 * only; a torn line (a crash mid-append) is ignored and the next record starts on a new line.
 */
export class LocalQualityHistoryStore implements QualityHistoryStore {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, 'quality');
  }

  async record(result: BatchQualityRecord): Promise<void> {
    const file = this.fileOf(result.dataset);
    await mkdir(this.dir, { recursive: true });
    const separator = (await endsWithNewline(file)) ? '' : '\n';
    await appendFile(file, `${separator}${JSON.stringify(result)}\n`, { mode: 0o600 });
  }

  async latest(dataset: string): Promise<BatchQualityRecord | undefined> {
    return (await this.history(dataset, { limit: 1 }))[0];
  }

  async history(dataset: string, query: HistoryQuery = {}): Promise<BatchQualityRecord[]> {
    const records = await this.read(dataset);
    return query.limit === undefined ? records : records.slice(Math.max(0, records.length - query.limit));
  }

  async metricHistory(dataset: string, ruleId: string, query: HistoryQuery & { excludeBatches?: readonly string[] } = {}): Promise<number[]> {
    const values: number[] = [];
    const excluded = new Set(query.excludeBatches ?? []);
    for (const record of await this.read(dataset)) {
      if (excluded.has(record.batchId)) continue;
      const metric = record.results.find((r) => r.ruleId === ruleId)?.metric;
      if (typeof metric === 'number' && Number.isFinite(metric)) values.push(metric);
    }
    return query.limit === undefined ? values : values.slice(Math.max(0, values.length - query.limit));
  }

  /** Records oldest first, one per batch (the last one written wins). */
  private async read(dataset: string): Promise<BatchQualityRecord[]> {
    const file = this.fileOf(dataset);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n');
    const byBatch = new Map<string, BatchQualityRecord>();
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let record: BatchQualityRecord;
      try {
        record = JSON.parse(line) as BatchQualityRecord;
      } catch {
        // A crash mid-append leaves a record cut short (no closing brace), later followed by
        // a newline; a line that is whole but unreadable is damage to report.
        if (!line.trimEnd().endsWith('}')) return;
        throw new QualityHistoryCorrupt(file, index + 1);
      }
      byBatch.delete(record.batchId);
      byBatch.set(record.batchId, record);
    });
    return [...byBatch.values()];
  }

  private fileOf(dataset: string): string {
    if (!DATASET_NAME.test(dataset)) throw new InvalidDatasetName(dataset);
    return join(this.dir, `${dataset}.jsonl`);
  }
}

async function endsWithNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
