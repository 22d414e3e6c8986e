import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DatasetContract } from '@acad/schemas';
import { BatchRecordSchema, CatalogEntrySchema, type BatchRecord, type CatalogEntry, type CatalogZone } from './catalog-entry';
import { CatalogCorrupt, InvalidCatalogRecord } from './catalog-errors';
import { withCatalogLock, type CatalogLockOptions } from './catalog-lock';
import { searchEntries } from './catalog-search';
import type { CatalogStore } from './catalog-store';
import {
  ContractVersionRecordSchema,
  planContractRecord,
  type ContractVersionRecord,
  type RecordContractOptions,
  type RecordContractResult,
} from './contract-history';
import { withBatch, withUpserts } from './catalog-state-changes';
import { appendJsonLines, readJsonLines } from './json-lines-file';
import { buildColumnLineage, buildLineage, type Lineage } from './lineage';
import { removeLeftoverTempFiles, writeFileAtomically } from './atomic-file-write';

const CatalogStateSchema = z.object({
  formatVersion: z.literal(1),
  entries: z.array(CatalogEntrySchema),
  contracts: z.record(z.string(), z.array(ContractVersionRecordSchema)),
});
type CatalogState = z.infer<typeof CatalogStateSchema>;

const BATCH_ID_IN_LINE = /"batchId":"([^"\\]*)"/;

export interface LocalCatalogStoreOptions {
  readonly lock?: CatalogLockOptions;
  /** Clock for recorded times; tests pin it. */
  readonly now?: () => Date;
}

/**
 * The catalog as files under `<home>/catalog/`: `catalog.json` (entries and contract history),
 * replaced atomically on every change, and `batches.jsonl`, appended. Every read-modify-write
 * holds `catalog.lock`, so processes sharing ACAD_HOME never lose each other's updates.
 */
export class LocalCatalogStore implements CatalogStore {
  private constructor(
    readonly folder: string,
    private readonly options: LocalCatalogStoreOptions,
  ) {}

  static async open(home: string, options: LocalCatalogStoreOptions = {}): Promise<LocalCatalogStore> {
    const store = new LocalCatalogStore(join(home, 'catalog'), options);
    await mkdir(store.folder, { recursive: true });
    // A crash between writing a temp file and renaming it leaves the temp file behind.
    await store.locked(() => removeLeftoverTempFiles(store.stateFile));
    return store;
  }

  get stateFile(): string {
    return join(this.folder, 'catalog.json');
  }

  get batchesFile(): string {
    return join(this.folder, 'batches.jsonl');
  }

  get lockFile(): string {
    return join(this.folder, 'catalog.lock');
  }

  async get(zone: CatalogZone, name: string): Promise<CatalogEntry | undefined> {
    return (await this.readState()).entries.find((e) => e.zone === zone && e.name === name);
  }

  async list(): Promise<CatalogEntry[]> {
    return (await this.readState()).entries;
  }

  async upsert(entry: CatalogEntry): Promise<void> {
    await this.upsertMany([entry]);
  }

  async upsertMany(entries: readonly CatalogEntry[]): Promise<void> {
    const parsed = entries.map((entry) => {
      const result = CatalogEntrySchema.safeParse(entry);
      if (!result.success) throw new InvalidCatalogRecord(`entry ${entry.zone}.${entry.name}`, result.error.issues);
      return result.data;
    });
    if (parsed.length === 0) return;
    await this.update((state) => {
      state.entries = withUpserts(state.entries, parsed);
      return true;
    });
  }

  async recordBatch(batch: BatchRecord): Promise<void> {
    await this.recordBatches([{ batch, entries: [] }]);
  }

  async recordBatches(records: readonly { batch: BatchRecord; entries: readonly CatalogEntry[] }[]): Promise<void> {
    const parsed = records.map(({ batch, entries }) => {
      const result = BatchRecordSchema.safeParse(batch);
      if (!result.success) throw new InvalidCatalogRecord(`batch ${batch.batchId} of ${batch.dataset}`, result.error.issues);
      return {
        batch: result.data,
        entries: entries.map((entry) => {
          const checked = CatalogEntrySchema.safeParse(entry);
          if (!checked.success) throw new InvalidCatalogRecord(`entry ${entry.zone}.${entry.name}`, checked.error.issues);
          return checked.data;
        }),
      };
    });
    if (parsed.length === 0) return;
    await this.update(async (state) => {
      // The batch lines are durable before the entries that summarise them change.
      await appendJsonLines(
        this.batchesFile,
        parsed.map((r) => r.batch),
      );
      let changed = false;
      for (const { batch, entries } of parsed) {
        if (entries.length > 0) {
          state.entries = withUpserts(state.entries, entries);
          changed = true;
        }
        const recorded = withBatch(state.entries, batch);
        if (recorded) {
          state.entries = recorded;
          changed = true;
        }
      }
      return changed;
    });
  }

  async batches(dataset: string, options: { limit?: number } = {}): Promise<BatchRecord[]> {
    const lines = await readJsonLines(this.batchesFile);
    const seen = new Set<string>();
    const result: BatchRecord[] = [];
    for (let i = lines.length - 1; i >= 0; i--) {
      const parsed = BatchRecordSchema.safeParse(lines[i]);
      if (!parsed.success) throw new CatalogCorrupt(this.batchesFile, `line ${i + 1} is not a batch record`);
      const batch = parsed.data;
      if (batch.dataset !== dataset || seen.has(batch.batchId)) continue;
      seen.add(batch.batchId);
      result.push(batch);
      if (options.limit !== undefined && result.length >= options.limit) break;
    }
    return result;
  }

  async findBatches(dataset: string, batchIds: readonly string[]): Promise<Map<string, BatchRecord>> {
    const wanted = new Set(batchIds);
    // The file grows with every batch: a line is parsed and checked only when its batch id is
    // wanted (records are written by JSON.stringify, so the id reads as "batchId":"…").
    const keep = (line: string) => {
      const id = BATCH_ID_IN_LINE.exec(line)?.[1];
      return id === undefined || wanted.has(id);
    };
    const found = new Map<string, BatchRecord>();
    for (const line of await readJsonLines(this.batchesFile, { keep })) {
      const parsed = BatchRecordSchema.safeParse(line);
      if (!parsed.success) throw new CatalogCorrupt(this.batchesFile, 'a line is not a batch record');
      if (parsed.data.dataset === dataset && wanted.has(parsed.data.batchId)) found.set(parsed.data.batchId, parsed.data);
    }
    return found;
  }

  async lineage(name: string): Promise<Lineage> {
    return buildLineage((await this.readState()).entries, name);
  }

  async columnLineage(column: string): Promise<Lineage> {
    return buildColumnLineage((await this.readState()).entries, column);
  }

  async search(text: string): Promise<CatalogEntry[]> {
    return searchEntries((await this.readState()).entries, text);
  }

  async recordContract(contract: DatasetContract, options: RecordContractOptions = {}): Promise<RecordContractResult> {
    let outcome!: RecordContractResult;
    await this.update((state) => {
      const history = state.contracts[contract.name] ?? [];
      const plan = planContractRecord(contract, history, options, this.now());
      outcome = plan.result;
      if (!plan.record) return false;
      state.contracts[contract.name] = [...history, plan.record];
      return true;
    });
    return outcome;
  }

  async contractHistory(name: string): Promise<ContractVersionRecord[]> {
    return (await this.readState()).contracts[name] ?? [];
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withCatalogLock(this.lockFile, this.options.lock ?? {}, work);
  }

  /** Read, change and atomically replace the state under the lock; `change` returns whether to write. */
  private async update(change: (state: CatalogState) => boolean | Promise<boolean>): Promise<void> {
    await this.locked(async () => {
      const state = await this.readState();
      if (await change(state)) await writeFileAtomically(this.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    });
  }

  private async readState(): Promise<CatalogState> {
    let text: string;
    try {
      text = await readFile(this.stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { formatVersion: 1, entries: [], contracts: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CatalogCorrupt(this.stateFile, 'not valid JSON');
    }
    const parsed = CatalogStateSchema.safeParse(json);
    if (!parsed.success)
      throw new CatalogCorrupt(this.stateFile, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }
}
