import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCatalogStore, LocalOpenLineageEmitter, recordPromotion, type Promotion } from '@acad/catalog';
import { AdmissionsContract, AttendanceContract, CoursesContract, StudentsContract, type DatasetContract } from '@acad/schemas';
import { CURATED_MODELS, modelsReading } from '@acad/zones';
import { runCli } from './cli';

/** A committed promotion as the pipeline reports it, with every product the dataset's models rebuild. */
function promotion(contract: DatasetContract, read: number): Promotion {
  return {
    contract,
    batchId: `${contract.name}-b1`,
    file: `${contract.name}.csv`,
    status: 'committed',
    rows: { read, accepted: read - 1, duplicates: 0, quarantined: 1 },
    // Scored the old way (passed / all rules): the catalog reads the counts, not this number.
    quality: { passed: 5, warned: 2, failed: 1, score: 0.625 },
    startedAt: '2025-09-02T10:00:00.000Z',
    finishedAt: '2025-09-02T10:00:05.000Z',
    locations: {
      raw: 'file:///lake/raw',
      quarantine: 'file:///lake/quarantine',
      trusted: 'file:///lake/trusted',
      curated: 'file:///lake/curated',
    },
    curated: modelsReading(contract.name).map((model) => ({
      model,
      rows: 7,
      columns: Object.keys(model.columnLineage).map((name) => ({ name, type: 'VARCHAR' })),
    })),
  };
}

describe('acad catalog and lineage over a catalog the pipeline wrote', () => {
  let home: string;
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
      cwd: home,
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-catalog-'));
    const catalog = await LocalCatalogStore.open(home);
    const lineage = new LocalOpenLineageEmitter(home);
    for (const [contract, read] of [
      [StudentsContract, 20],
      [CoursesContract, 5],
      [AttendanceContract, 100],
      [AdmissionsContract, 30],
    ] as const) {
      await recordPromotion(catalog, lineage, promotion(contract, read));
    }
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('lists every zone of every dataset and every product from the catalog', async () => {
    const { code, stdout } = await cli('catalog', 'list', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<{ name: string; zone: string; rows: number; source: string }>;
    expect(rows.find((r) => r.zone === 'trusted' && r.name === 'attendance')).toMatchObject({ rows: 99, source: 'catalog' });
    expect(rows.find((r) => r.zone === 'quarantine' && r.name === 'admissions')).toMatchObject({ rows: 1, source: 'catalog' });
    // Products a recorded batch rebuilt come from the catalog; the rest from their model definitions.
    const recorded = ['students', 'courses', 'attendance', 'admissions'];
    expect(rows.filter((r) => r.zone === 'curated').map((r) => [r.name, r.source])).toEqual(
      [...CURATED_MODELS]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => [m.name, m.inputs.some((i) => recorded.includes(i.slice('trusted.'.length))) ? 'catalog' : 'model']),
    );
  });

  it('shows a product with its column lineage and a dataset with its batches', async () => {
    const product = await cli('catalog', 'show', 'attendance_by_department');
    expect(product.stdout).toMatch(/^curated\.attendance_by_department — /);
    expect(product.stdout).toMatch(/department\s+string\s+← trusted\.courses\.department/);
    const raw = await cli('catalog', 'show', 'raw.attendance', '--json');
    expect(JSON.parse(raw.stdout)).toMatchObject({
      zone: 'raw',
      upstream: ['landing:attendance/attendance.csv'],
      recentBatches: [{ batchId: 'attendance-b1', status: 'committed' }],
    });
  });

  it('shows the quality score with its breakdown and the share of rows accepted', async () => {
    const text = await cli('catalog', 'show', 'attendance');
    expect(text.stdout).toContain(
      'quality score 83.3% (5 passed, 1 failed; 2 warnings not counted), 99.0% of rows accepted (1 quarantined)',
    );
    expect(text.stdout).toContain('read 100, accepted 99, quarantined 1 · score 83.3% (5 passed, 1 failed; 2 warnings not counted)');
    const json = JSON.parse((await cli('catalog', 'show', 'attendance', '--json')).stdout) as { qualityScore: number };
    expect(json.qualityScore).toBe(0.833);
    // A re-delivery judged nothing: the score stays the latest committed batch's.
    const catalog = await LocalCatalogStore.open(home);
    await recordPromotion(catalog, new LocalOpenLineageEmitter(home), {
      ...promotion(AttendanceContract, 0),
      batchId: 'attendance-b1-again',
      status: 'duplicate',
      rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
      quality: { passed: 0, warned: 0, failed: 0, score: 0 },
    });
    const again = await cli('catalog', 'show', 'attendance');
    expect(again.stdout).toContain('quality score 83.3% (5 passed, 1 failed; 2 warnings not counted), 99.0% of rows accepted');
    expect(again.stdout).toMatch(/duplicate +attendance\.csv {2}read 0, accepted 0, quarantined 0\n/);
  });

  it('prints lineage from landing to product as a tree, and as JSON', async () => {
    const text = await cli('lineage', 'attendance', '--downstream');
    const products = modelsReading('attendance')
      .map((m) => `curated.${m.name}`)
      .sort();
    expect(text.stdout).toBe(
      [
        'Downstream (what is built from trusted.attendance):',
        'trusted.attendance',
        ...products.map((p, i) => `${i === products.length - 1 ? '└──' : '├──'} ${p}`),
      ].join('\n'),
    );
    const json = JSON.parse((await cli('lineage', 'attendance_weekly', '--json', '--upstream')).stdout) as {
      upstream: { children: Array<{ name: string; children: Array<{ name: string; children: Array<{ name: string }> }> }> };
    };
    expect(json.upstream.children[0].name).toBe('trusted.attendance');
    expect(json.upstream.children[0].children[0].children[0].name).toBe('landing:attendance/attendance.csv');
    const column = await cli('lineage', 'attendance_weekly', '--column', 'attendance_rate', '--upstream');
    expect(column.stdout).toContain('└── trusted.attendance.status');
  });

  it('searches, and exits 2 naming an unknown dataset or column', async () => {
    const found = JSON.parse((await cli('catalog', 'search', 'department', '--json')).stdout) as Array<{ zone: string; name: string }>;
    expect(found[0]).toMatchObject({ zone: 'curated', name: 'attendance_by_department' });
    // The text says which part of each dataset matched, under a header row like `catalog list`'s.
    const text = (await cli('catalog', 'search', 'session_date')).stdout.split('\n');
    expect(text[0]).toMatch(/^dataset\s+rows\s+last success/);
    expect(text[text.findIndex((l) => l.startsWith('trusted.attendance ')) + 1]).toBe('    matched: column session_date');
    expect(JSON.parse((await cli('catalog', 'search', 'session_date', '--json')).stdout)).toContainEqual(
      expect.objectContaining({ zone: 'trusted', name: 'attendance', matched: ['column session_date'] }),
    );
    expect((await cli('catalog', 'list')).stdout.split('\n')[0]).toMatch(/^dataset\s+rows\s+last success\s+← upstream$/);
    expect(await cli('lineage', 'grades')).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown dataset "grades"/) });
    expect(await cli('lineage', 'attendance', '--column', 'nope')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown column "nope" of trusted\.attendance/),
    });
  });
});
