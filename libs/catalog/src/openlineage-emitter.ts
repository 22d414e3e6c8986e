import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidCatalogRecord, OpenLineageEmitFailed } from './catalog-errors';
import { withCatalogLock } from './catalog-lock';
import { appendJsonLines, readJsonLines } from './json-lines-file';
import { OpenLineageRunEventSchema, type OpenLineageRunEvent } from './openlineage-event';

/** Where OpenLineage run events go. Adapters: a local JSON-lines file, an HTTP endpoint, both. */
export interface OpenLineageEmitter {
  emit(event: OpenLineageRunEvent): Promise<void>;
  /** Several events, in order (the local file takes them in one append). */
  emitMany(events: readonly OpenLineageRunEvent[]): Promise<void>;
}

/** Refuses an event that lacks what the spec requires, so no adapter ever sends one. */
function checked(event: OpenLineageRunEvent): OpenLineageRunEvent {
  const parsed = OpenLineageRunEventSchema.safeParse(event);
  if (!parsed.success) throw new InvalidCatalogRecord(`OpenLineage ${event.eventType} event of ${event.job?.name}`, parsed.error.issues);
  return event;
}

/** Appends events as JSON lines to `<home>/lineage/openlineage.jsonl`, one process at a time. */
export class LocalOpenLineageEmitter implements OpenLineageEmitter {
  constructor(readonly home: string) {}

  get file(): string {
    return join(this.home, 'lineage', 'openlineage.jsonl');
  }

  async emit(event: OpenLineageRunEvent): Promise<void> {
    await this.emitMany([event]);
  }

  async emitMany(events: readonly OpenLineageRunEvent[]): Promise<void> {
    events.forEach(checked);
    if (events.length === 0) return;
    await mkdir(join(this.home, 'lineage'), { recursive: true });
    await withCatalogLock(join(this.home, 'lineage', 'openlineage.lock'), {}, () => appendJsonLines(this.file, events));
  }

  /** Every event written so far, oldest first. */
  async events(): Promise<OpenLineageRunEvent[]> {
    return (await readJsonLines(this.file)) as OpenLineageRunEvent[];
  }
}

export interface HttpOpenLineageEmitterOptions {
  /** Extra headers, e.g. `Authorization` for a Marquez or DataHub endpoint. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** POSTs each event as JSON to an OpenLineage endpoint (e.g. Marquez `…/api/v1/lineage`). */
export class HttpOpenLineageEmitter implements OpenLineageEmitter {
  constructor(
    readonly url: string,
    private readonly options: HttpOpenLineageEmitterOptions = {},
  ) {}

  async emit(event: OpenLineageRunEvent): Promise<void> {
    checked(event);
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new OpenLineageEmitFailed(endpointForMessages(this.url), (error as Error).message, { cause: error });
    }
    // The body is drained so the connection can be reused; it is not echoed (it may quote the event).
    await response.arrayBuffer();
    if (!response.ok) throw new OpenLineageEmitFailed(endpointForMessages(this.url), `HTTP ${response.status} ${response.statusText}`);
  }

  async emitMany(events: readonly OpenLineageRunEvent[]): Promise<void> {
    for (const event of events) await this.emit(event);
  }
}

/** The endpoint without credentials or query (either may hold a token). */
function endpointForMessages(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(the configured OpenLineage URL)';
  }
}

/** Sends each event to every emitter in order; the first failure stops and is raised. */
export class FanOutOpenLineageEmitter implements OpenLineageEmitter {
  constructor(readonly emitters: readonly OpenLineageEmitter[]) {}

  async emit(event: OpenLineageRunEvent): Promise<void> {
    for (const emitter of this.emitters) await emitter.emit(event);
  }

  async emitMany(events: readonly OpenLineageRunEvent[]): Promise<void> {
    for (const emitter of this.emitters) await emitter.emitMany(events);
  }
}

/**
 * The emitter a composition root wants: always the local file under `home`, and the HTTP
 * endpoint too when `url` is set (the caller reads it from ACAD_OPENLINEAGE_URL).
 */
export function createOpenLineageEmitter(options: {
  home: string;
  url?: string;
  http?: HttpOpenLineageEmitterOptions;
}): OpenLineageEmitter {
  const local = new LocalOpenLineageEmitter(options.home);
  return options.url ? new FanOutOpenLineageEmitter([local, new HttpOpenLineageEmitter(options.url, options.http)]) : local;
}
