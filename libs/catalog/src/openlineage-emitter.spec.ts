import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttendanceContract } from '@acad/schemas';
import { InvalidCatalogRecord, OpenLineageEmitFailed } from './catalog-errors';
import { HttpOpenLineageEmitter, LocalOpenLineageEmitter, createOpenLineageEmitter } from './openlineage-emitter';
import { OPENLINEAGE_SCHEMA_URL, OpenLineageRunEventSchema, type OpenLineageRunEvent } from './openlineage-event';
import { promotionEntries } from './promotion-entries';
import { promotionRunEvent } from './promotion-events';
import { BUILT, samplePromotion } from './promotion.test-support';

const RUN_ID = '6f1c2b1e-8d3a-4c55-9e0f-1a2b3c4d5e6f';
const promotion = samplePromotion(AttendanceContract, {
  curated: [BUILT.attendance_by_department(16)],
  trustedPartitions: { 'session_month=2025-09': 'k' },
});
const outputs = promotionEntries(promotion, new Map());
const complete = promotionRunEvent('COMPLETE', promotion, outputs, { runId: RUN_ID });

describe('OpenLineage run events of a promotion', () => {
  it.each(['START', 'COMPLETE', 'FAIL'] as const)('%s satisfies the spec’s required fields', (type) => {
    const event = promotionRunEvent(type, promotion, outputs, { runId: RUN_ID }, 'boom');
    expect(OpenLineageRunEventSchema.safeParse(event).error).toBeUndefined();
    expect(event).toMatchObject({
      eventType: type,
      schemaURL: OPENLINEAGE_SCHEMA_URL,
      job: { namespace: 'acad', name: 'acad.promote.attendance' },
      run: { runId: RUN_ID },
    });
  });

  it('names inputs (landing file, other trusted inputs) and outputs with schema, column lineage and statistics', () => {
    expect(complete.inputs.map((i) => i.name)).toEqual(['landing/attendance/attendance.csv', 'trusted.courses']);
    expect(complete.outputs.map((o) => o.name)).toEqual([
      'raw.attendance',
      'quarantine.attendance',
      'trusted.attendance',
      'curated.attendance_by_department',
    ]);
    const trusted = complete.outputs[2];
    expect(trusted.facets?.schema.fields).toEqual(
      expect.arrayContaining([{ name: 'status', type: 'string', description: expect.any(String) }]),
    );
    expect(trusted.outputFacets?.outputStatistics).toMatchObject({ rowCount: 8 });
    expect(complete.outputs[3].facets?.columnLineage.fields).toMatchObject({
      department: { inputFields: [{ namespace: 'acad', name: 'trusted.courses', field: 'department' }] },
    });
  });

  it.each([
    ['eventTime', (e: Record<string, unknown>) => delete e.eventTime],
    ['producer', (e: Record<string, unknown>) => delete e.producer],
    ['schemaURL', (e: Record<string, unknown>) => delete e.schemaURL],
    ['run.runId', (e: Record<string, unknown>) => ((e.run as Record<string, unknown>).runId = 'batch-1')],
    ['job.namespace', (e: Record<string, unknown>) => delete (e.job as Record<string, unknown>).namespace],
    ['job.name', (e: Record<string, unknown>) => delete (e.job as Record<string, unknown>).name],
    ['eventType', (e: Record<string, unknown>) => (e.eventType = 'DONE')],
    [
      'outputs.0.facets.schema._producer',
      (e: Record<string, unknown>) =>
        delete ((e.outputs as Array<{ facets: Record<string, Record<string, unknown>> }>)[0].facets.schema as Record<string, unknown>)
          ._producer,
    ],
  ])('rejects an event whose %s is missing or wrong', (path, spoil) => {
    const event = structuredClone(complete) as unknown as Record<string, unknown>;
    spoil(event);
    const result = OpenLineageRunEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('LocalOpenLineageEmitter', () => {
  let home: string;
  beforeEach(async () => (home = await mkdtemp(join(tmpdir(), 'acad-openlineage-'))));
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('appends one JSON line per event under <home>/lineage/openlineage.jsonl', async () => {
    const emitter = new LocalOpenLineageEmitter(home);
    await emitter.emit(promotionRunEvent('START', promotion, outputs, { runId: RUN_ID }));
    await emitter.emit(complete);
    const lines = (await readFile(join(home, 'lineage', 'openlineage.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as OpenLineageRunEvent).eventType)).toEqual(['START', 'COMPLETE']);
    expect(await emitter.events()).toEqual([expect.objectContaining({ eventType: 'START' }), complete]);
  });

  it('refuses an event that lacks a required field and writes nothing', async () => {
    const emitter = new LocalOpenLineageEmitter(home);
    await expect(emitter.emit({ ...complete, run: { runId: 'not-a-uuid' } })).rejects.toThrow(InvalidCatalogRecord);
    expect(await emitter.events()).toEqual([]);
  });
});

describe('HttpOpenLineageEmitter against a local HTTP server', () => {
  let server: Server;
  let url: string;
  const received: Array<{ method?: string; path?: string; type?: string; auth?: string; body: unknown }> = [];
  let status = 201;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method,
          path: req.url,
          type: req.headers['content-type'],
          auth: req.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.writeHead(status).end(status < 300 ? '' : 'event quoted back: S0000001');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/lineage`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    status = 201;
  });

  it('POSTs each event as JSON with the configured headers', async () => {
    await new HttpOpenLineageEmitter(url, { headers: { authorization: 'Bearer t0k' } }).emit(complete);
    expect(received).toEqual([{ method: 'POST', path: '/api/v1/lineage', type: 'application/json', auth: 'Bearer t0k', body: complete }]);
  });

  it('raises OPENLINEAGE_EMIT_FAILED on an error status, without the response body or a token in the query', async () => {
    status = 500;
    const withSecret = `${url}?api_key=secret`;
    const error = await new HttpOpenLineageEmitter(withSecret).emit(complete).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenLineageEmitFailed);
    expect(error).toMatchObject({
      code: 'OPENLINEAGE_EMIT_FAILED',
      message: `Could not send an OpenLineage event to ${url}: HTTP 500 Internal Server Error`,
    });
    expect((error as Error).message).not.toMatch(/secret|api_key|S0000001/);
  });

  it('writes locally and POSTs when ACAD_OPENLINEAGE_URL is configured', async () => {
    const home = await mkdtemp(join(tmpdir(), 'acad-openlineage-'));
    try {
      await createOpenLineageEmitter({ home, url }).emit(complete);
      expect(received).toHaveLength(1);
      expect(await new LocalOpenLineageEmitter(home).events()).toEqual([complete]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
