import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { linesFromEnd } from './lines-from-end';
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
    return (await this.newest(dataset, 1, () => true))[0];
  }

  async history(dataset: string, query: HistoryQuery = {}): Promise<BatchQualityRecord[]> {
    return query.limit === undefined ? this.read(dataset) : this.newest(dataset, query.limit, () => true);
  }

  async metricHistory(
    dataset: string,
    ruleId: string,
    query: HistoryQuery & { excludeBatches?: readonly string[] } = {},
  ): Promise<number[]> {
    const excluded = new Set(query.excludeBatches ?? []);
    const metricOf = (record: BatchQualityRecord) => record.results.find((r) => r.ruleId === ruleId)?.metric;
    const counts = (record: BatchQualityRecord) => {
      const metric = metricOf(record);
      return !excluded.has(record.batchId) && typeof metric === 'number' && Number.isFinite(metric);
    };
    const records = query.limit === undefined ? (await this.read(dataset)).filter(counts) : await this.newest(dataset, query.limit, counts);
    return records.map((record) => metricOf(record) as number);
  }

  /**
   * The newest `limit` records that `counts` keeps, oldest first, one per batch (its last
   * write): read from the end of the file, so the cost follows `limit`, not the years kept.
   */
  private async newest(dataset: string, limit: number, counts: (record: BatchQualityRecord) => boolean): Promise<BatchQualityRecord[]> {
    const found: BatchQualityRecord[] = [];
    if (limit <= 0) return found;
    const file = this.fileOf(dataset);
    const seen = new Set<string>();
    for await (const line of linesFromEnd(file)) {
      if (line.trim() === '') continue;
      let record: BatchQualityRecord;
      try {
        record = JSON.parse(line) as BatchQualityRecord;
      } catch {
        if (!line.trimEnd().endsWith('}')) continue; // a torn append, as in read()
        // Damage: reading the file whole reports the line by its number.
        await this.read(dataset);
        throw new QualityHistoryCorrupt(file, 0, 'a line is not a JSON record');
      }
      if (seen.has(record.batchId)) continue;
      seen.add(record.batchId);
      if (!counts(record)) continue;
      found.push(record);
      if (found.length === limit) break;
    }
    return found.reverse();
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
