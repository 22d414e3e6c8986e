import type { Engine } from '@acad/engine';
import { PrivateStaging } from './private-staging';
import type { ZoneContext } from './zone-context';

/**
 * One engine for a run of several batches: opening DuckDB and loading its extensions costs
 * more than a small batch's work. Each batch drops its own tables; `close` on the handle the
 * batches get does nothing, and `dispose` closes the engine at the end of the run.
 */
export class SharedEngine {
  private engine?: Engine;
  private staging?: PrivateStaging;

  constructor(private readonly open: ZoneContext['openEngine']) {}

  /** `openEngine` for the run's batches. */
  readonly openEngine: ZoneContext['openEngine'] = async () => {
    if (!this.engine) {
      this.staging = await PrivateStaging.create();
      this.engine = await this.open({ tempDirectory: this.staging.path('spill') });
    }
    const engine = this.engine;
    return {
      dialect: engine.dialect,
      run: (sql, params) => engine.run(sql, params),
      query: (sql, params) => engine.query(sql, params),
      registerView: (name, sql) => engine.registerView(name, sql),
      registerParquetView: (name, paths, options) => engine.registerParquetView(name, paths, options),
      writeParquet: (sql, path, params) => engine.writeParquet(sql, path, params),
      // A fork is the caller's to close.
      ...(engine.fork ? { fork: () => (engine.fork as NonNullable<Engine['fork']>)() } : {}),
      close: async () => undefined,
    } satisfies Engine;
  };

  async dispose(): Promise<void> {
    await this.engine?.close();
    await this.staging?.dispose();
    this.engine = undefined;
    this.staging = undefined;
  }
}
