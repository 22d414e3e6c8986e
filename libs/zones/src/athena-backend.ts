import { createReadStream } from 'node:fs';
import { syncToGlue, type CuratedProductBuilt } from '@acad/catalog';
import { sqlLiteral } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import { athenaCatalogEntries, curatedColumns } from './athena-catalog-entries';
import {
  curatedInputRelation,
  emptyInputRelation,
  externalTableDdl,
  landedColumns,
  mergeSql,
  protectedRowColumns,
  stagingTable,
  trustedColumns,
  validationSql,
} from './athena-batch-sql';
import { writeIdentifierMaps, writeInvalidRows, writeProtectedRows } from './athena-worker-protection';
import type { AthenaLake } from './athena-lake';
import type { BatchBackend, BackendRun, GatedBatch, GroupRun, ParsedBatch, PromotedBatch, PromotedRows } from './batch-backend';
import { sealBatchFiles } from './batch-outputs';
import { partitionFiles, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { gateBatchQualityOnAthena, type QualityGate } from './gate-batch-quality';
import { modelsReading, type CuratedModel } from './models/index';
import { hasDirectIdentifiers } from './protect-fields';

/**
 * ACAD_ENGINE=athena: Athena does the bulk work over S3. The worker has parsed the file with the
 * embedded engine; the parsed rows and the protect maps (plaintext → token, protected in the
 * worker) are staged under `_staging/<batch>/` (SSE-KMS). Athena validates (contract SQL in the
 * Trino dialect), quarantines, de-duplicates and merges with trusted, judges the batch, and
 * builds the trusted partitions and curated products, each by CTAS into its batch folder; every
 * count comes from Athena's answers. After the commit the folders it superseded go and the Glue
 * tables follow the lake. Each file runs alone.
 *
 * Direct identifiers are encrypted in the worker, bound to their row's key, and re-deliveries
 * recognised by a keyed fingerprint of the row's plaintext, computed in the worker as the
 * embedded engine computes it; both are staged per row (`protectedRowColumns`), so neither a
 * key nor a plaintext identifier appears in Athena SQL.
 */
export function athenaBackend(lake: AthenaLake): BatchBackend {
  return {
    name: 'athena',
    groupsFiles: false,
    defersCurated: false,
    portableRaw: true,
    begin: (run) => new AthenaRun(lake, run),
  };
}

interface Promoted {
  batch: ParsedBatch;
  /** The batch's invalid rows, written locally (sealed with the batch). */
  invalidPath: string | undefined;
  valid: number;
  invalid: number;
  byRule: Map<string, number>;
}

class AthenaRun implements BackendRun {
  private readonly created: string[] = [];
  private readonly views: string[] = [];
  private promoted: Promoted | undefined;
  private partitions: string[] | undefined;
  private trusted: Promise<Record<string, string[]>> | undefined;
  private readonly curated: Array<{ model: CuratedModel; rows: number; columns: Array<{ name: string; type: string }> }> = [];

  constructor(
    private readonly lake: AthenaLake,
    private readonly run: GroupRun,
  ) {}

  private get batchId(): string {
    return this.run.groupId;
  }

  private t(name: string): string {
    return stagingTable(this.batchId, name);
  }

  private get stagingPrefix(): string {
    return `_staging/${this.batchId}/`;
  }

  private async external(name: string, columns: ReadonlyArray<[string, string]>, location: string): Promise<void> {
    await this.lake.engine.run(externalTableDdl(this.t(name), columns, location));
    this.created.push(this.t(name));
  }

  private ctas(name: string, selectSql: string, location: string): Promise<number> {
    this.created.push(this.t(name));
    return this.lake.engine.createTableAs({ table: this.t(name), selectSql, location });
  }

  async promote(batches: readonly ParsedBatch[]): Promise<Map<string, PromotedRows>> {
    const [batch] = batches;
    if (batches.length !== 1 || batch.batchId !== this.batchId) throw new Error('Athena promotes one batch per run');
    const { ctx, contract, snapshot } = this.run;
    const athena = this.lake.engine;
    const t = (name: string) => this.t(name);
    await ctx.stores.raw.put(`${this.stagingPrefix}landed/records.parquet`, createReadStream(batch.raw.rawPath));
    const maps = await writeIdentifierMaps(this.run, batch);
    for (const [column, path] of maps) await ctx.stores.raw.put(`${this.stagingPrefix}map_${column}/map.parquet`, createReadStream(path));
    const stagingUrl = `${this.lake.zoneUrl('raw')}${this.stagingPrefix}`;
    await this.external('landed', landedColumns(contract), `${stagingUrl}landed/`);
    let rows: string | undefined;
    if (hasDirectIdentifiers(contract)) {
      await ctx.stores.raw.put(`${this.stagingPrefix}rows/rows.parquet`, createReadStream(await writeProtectedRows(this.run, batch)));
      await this.external('rows', protectedRowColumns(contract), `${stagingUrl}rows/`);
      rows = t('rows');
    }
    const mapTables = new Map<string, string>();
    for (const column of maps.keys()) {
      await this.external(
        `map_${column}`,
        [
          ['v', 'string'],
          ['p', 'string'],
        ],
        `${stagingUrl}map_${column}/`,
      );
      mapTables.set(column, t(`map_${column}`));
    }
    await this.ctas('validated', validationSql(contract, t('landed')), `${stagingUrl}validated/`);
    const [counts] = await athena.query<{ valid: number; invalid: number }>(
      `SELECT count_if(_violations IS NULL) AS valid, count_if(_violations IS NOT NULL) AS invalid FROM ${t('validated')}`,
    );
    const byRule = await athena.query<{ rule: string; n: number }>(
      `SELECT v.rule AS rule, count(*) AS n FROM ${t('validated')} CROSS JOIN UNNEST(_violations) AS u(v) GROUP BY v.rule ORDER BY rule`,
    );
    const invalid = Number(counts.invalid);
    let invalidPath: string | undefined;
    if (invalid > 0) {
      // Written and sealed by the worker, as on the embedded engine: Athena would store them in plaintext.
      const written = await writeInvalidRows(this.run, batch);
      if (written.rows !== invalid)
        throw new Error(
          `batch ${batch.batchId} of ${contract.name}: Athena found ${invalid} row(s) breaking the contract and the embedded engine ${written.rows}; the two validations must agree`,
        );
      invalidPath = written.path;
    }
    const existing = snapshot.trusted.get(contract.name)?.size ? `trusted_${contract.name}` : undefined;
    await this.ctas(
      'merged',
      mergeSql({ contract, validated: t('validated'), maps: mapTables, existing, ...(rows ? { rows } : {}) }),
      `${this.lake.zoneUrl('trusted')}${this.stagingPrefix}merged/`,
    );
    const [merged] = await athena.query<{ accepted: number }>(
      `SELECT count_if(_source = 1 AND NOT _unchanged) AS accepted FROM ${t('merged')}`,
    );
    const valid = Number(counts.valid);
    this.promoted = { batch, invalidPath, valid, invalid, byRule: new Map(byRule.map((r) => [r.rule, Number(r.n)])) };
    const accepted = Number(merged.accepted);
    return new Map([[batch.batchId, { accepted, duplicates: valid - accepted, invalid }]]);
  }

  async gate(batches: readonly PromotedBatch[]): Promise<Map<string, QualityGate>> {
    const { ctx, contract, snapshot } = this.run;
    const promoted = this.promotion();
    // The batch's rows as trusted will hold them, judged by the dataset's rules in Trino SQL: a
    // view, so the quality scan reads the merged table once and nothing is copied.
    await this.lake.engine.registerView(this.t('judged'), `SELECT * FROM ${this.t('merged')} WHERE _source = 1`);
    this.views.push(this.t('judged'));
    const gate = await gateBatchQualityOnAthena({
      engine: this.lake.engine,
      contract,
      batchId: this.batchId,
      relation: this.t('judged'),
      snapshot,
      history: ctx.qualityHistory,
      calendar: ctx.calendar,
      quarantined: {
        checkedRows: promoted.valid + promoted.invalid,
        byRule: promoted.byRule,
        unparseable: promoted.batch.raw.unparseable,
      },
    });
    return new Map(batches.map((b) => [b.batchId, gate]));
  }

  async buildCurated(): Promise<CuratedProductBuilt[]> {
    const { contract, snapshot, local } = this.run;
    // Trusted first, then what is built from it, as the embedded engine does.
    await this.writeTrusted();
    const partitions = await this.touchedPartitions();
    for (const model of modelsReading(contract.name)) {
      const relation = curatedInputRelation(snapshot, contract, this.t('merged'), partitions);
      if (model.requiredInputs.some((input) => relation(input) === undefined)) continue;
      const rows = await this.ctas(
        `curated_${model.name}`,
        model.render(this.lake.engine.dialect, (input) => relation(input) ?? emptyInputRelation(input)),
        `${this.lake.zoneUrl('curated')}${model.name}/batch=${this.batchId}/`,
      );
      this.curated.push({ model, rows, columns: await curatedColumns(local, model) });
    }
    return this.curated;
  }

  async seal(batch: GatedBatch) {
    return sealBatchFiles(this.run.ctx, this.run.contract.name, batch.batchId, {
      rawPath: batch.raw.rawPath,
      rejectsPath: batch.raw.rejectsPath,
      invalidPath: this.promotion().invalidPath,
    });
  }

  async write(carrier: CommitEntry): Promise<void> {
    Object.assign(carrier.trusted, await this.writeTrusted());
    for (const { model } of this.curated) carrier.curated[model.name] = `${model.name}/batch=${this.batchId}/`;
  }

  /** Each touched partition of trusted after the merge, by CTAS into its batch folder (once). */
  private writeTrusted(): Promise<Record<string, string[]>> {
    this.trusted ??= (async () => {
      const { contract } = this.run;
      const columns = trustedColumns(contract).join(', ');
      const trusted: Record<string, string[]> = {};
      for (const [i, partition] of (await this.touchedPartitions()).entries()) {
        const key = `${contract.name}/${partition}/batch=${this.batchId}/`;
        await this.ctas(
          `part_${i}`,
          `SELECT ${columns} FROM ${this.t('merged')} WHERE acad_partition = ${sqlLiteral(partition)}`,
          `${this.lake.zoneUrl('trusted')}${key}`,
        );
        trusted[partition] = [key];
      }
      return trusted;
    })();
    return this.trusted;
  }

  /** What a batch that will not commit wrote: its quarantine folder, and its staging folders. */
  async discard(): Promise<void> {
    // Raw and quarantine are sealed only once the gate passed: only the staging folders were written.
    await this.removeStaging();
  }

  async committed(carrier: CommitEntry): Promise<void> {
    const { ctx, contract, snapshot } = this.run;
    await removeSupersededFolders(ctx.stores, snapshot, carrier);
    await this.removeStaging();
    const after = await readSnapshot(ctx.stores.platform);
    await syncToGlue(
      this.lake.glue,
      athenaCatalogEntries({
        contract,
        zoneUrl: this.lake.zoneUrl,
        now: carrier.committedAt,
        curated: this.curated,
        trustedPartitions: [...(after.trusted.get(contract.name)?.keys() ?? [])],
      }),
      { database: this.lake.database },
    );
  }

  // Staging views and tables are catalog entries only; their files go with the staging folders.
  async close(): Promise<void> {
    const { ctx, contract } = this.run;
    for (const view of this.views) {
      await this.lake.engine
        .dropView(view)
        .catch((error: Error) =>
          ctx.logger.warn({ dataset: contract.name, view, code: 'ENGINE_ERROR' }, `staging view not dropped: ${error.message}`),
        );
    }
    for (const table of [...this.created].reverse()) {
      await this.lake.engine
        .dropTable(table)
        .catch((error: Error) =>
          ctx.logger.warn({ dataset: contract.name, table, code: 'ENGINE_ERROR' }, `staging table not dropped: ${error.message}`),
        );
    }
  }

  private promotion(): Promoted {
    if (!this.promoted) throw new Error(`batch ${this.batchId} of ${this.run.contract.name}: not promoted yet`);
    return this.promoted;
  }

  private async touchedPartitions(): Promise<string[]> {
    if (!this.partitions) {
      const rows = await this.lake.engine.query<{ p: string }>(`SELECT DISTINCT acad_partition AS p FROM ${this.t('merged')} ORDER BY p`);
      this.partitions = rows.map((r) => r.p);
    }
    return this.partitions;
  }

  private async removeStaging(): Promise<void> {
    await removeFolder(this.run.ctx.stores.raw, this.stagingPrefix);
    await removeFolder(this.run.ctx.stores.trusted, this.stagingPrefix);
  }
}

async function removeFolder(store: ObjectStore, folder: string): Promise<void> {
  for await (const info of store.listAll(folder)) await store.delete(info.key);
}

/** The folders of the previous state this commit replaced: Athena writes a folder per partition and product. */
async function removeSupersededFolders(
  stores: { trusted: ObjectStore; curated: ObjectStore },
  before: LakeSnapshot,
  entry: CommitEntry,
): Promise<void> {
  const current = before.trusted.get(entry.dataset) ?? new Map<string, readonly string[]>();
  for (const [partition, value] of Object.entries(entry.trusted)) {
    const kept = partitionFiles(value);
    for (const old of current.get(partition) ?? []) if (!kept.includes(old)) await removeFolder(stores.trusted, old);
  }
  for (const [product, key] of Object.entries(entry.curated)) {
    const old = before.curated.get(product);
    if (old && old !== key) await removeFolder(stores.curated, old);
  }
}
