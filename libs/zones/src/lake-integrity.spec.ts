import { cp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DecryptionFailed, decryptBuffer, encryptBuffer } from '@acad/crypto';
import { DuckDbEngine } from '@acad/engine';
import { readSnapshot, logKey, type CommitEntry, type LogRecord } from './commit-log';
import { land } from './lake-integrity.test-support';
import { openLakeQuery } from './open-lake-query';
import { quarantineSummary } from './quarantine-report';
import { sealedObjectContext } from './sealed-objects';
import { verifyLake } from './verify-lake';
import type { ZoneContext } from './zone-context';
import { TamperedObject } from './zone-errors';
import { localZoneStores, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(120_000);

const ATTENDANCE = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at';
const STUDENTS = 'student_id,first_name,last_name,email,program_code,cohort_year,status';
const ADMISSIONS =
  'application_id,first_name,last_name,email,phone,date_of_birth,gender,country,postcode,program_code,intake_term,application_date,prior_gpa,test_score,status,decision_date,scholarship_amount';

async function rows<T>(sql: string): Promise<T[]> {
  const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  try {
    return (await engine.query(sql)) as T[];
  } finally {
    await engine.close();
  }
}

/** Swaps two files on disk for the duration of `body`, then puts them back. */
async function whileSwapped(a: string, b: string, body: () => Promise<void>): Promise<void> {
  await rename(a, `${a}.swap`);
  await rename(b, a);
  await rename(`${a}.swap`, b);
  try {
    await body();
  } finally {
    await rename(b, `${b}.swap`);
    await rename(a, b);
    await rename(`${b}.swap`, a);
  }
}

describe('tampering is detected, including swaps', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let files: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;
  let batches: { first: string; second: string; students: string; admissions: string };
  const zone = (name: string, key: string) => join(home.path, 'zones', name, key);

  beforeAll(async () => {
    home = await tempDir('acad-integrity-home-');
    files = await tempDir('acad-integrity-files-');
    ctx = testZoneContext(home.path);
    const first = await land(ctx, files.path, 'attendance', 'day-1.csv', [
      ATTENDANCE,
      'S0000001,CS101,A,2025-09-01,present,,2025-09-01T10:00:00Z',
      'S0000002,CS101,A,2025-09-01,absent,,2025-09-01T10:00:00Z',
      'bad-1,CS101,A,2025-09-01,absent,,2025-09-01T10:00:00Z',
    ]);
    const second = await land(ctx, files.path, 'attendance', 'day-2.csv', [
      ATTENDANCE,
      'S0000001,CS101,A,2025-09-08,late,5,2025-09-08T10:00:00Z',
      'bad-2,CS101,A,2025-09-08,absent,,2025-09-08T10:00:00Z',
    ]);
    const students = await land(ctx, files.path, 'students', 'students.csv', [
      STUDENTS,
      'S0000001,Ada,Lovelace,ada@uni.example,BSC-CS,2024,active',
      'S0000002,Alan,Turing,alan@uni.example,BSC-CS,2024,active',
    ]);
    const admissions = await land(ctx, files.path, 'admissions', 'admissions.csv', [
      ADMISSIONS,
      'A00000001,Grace,Hopper,grace@mail.example,+44 20 7946 0001,2006-12-09,f,GB,SW1A,BSC-CS,2026-FALL,2025-11-02,3.9,1450,offered,2025-12-01,1000',
      'A00000002,Edsger,Dijkstra,edsger@mail.example,+31 20 555 0102,2006-05-11,m,NL,1012,BSC-CS,2026-FALL,2025-11-03,3.7,1400,submitted,,',
    ]);
    batches = { first: first.batchId, second: second.batchId, students: students.batchId, admissions: admissions.batchId };
  });

  afterAll(async () => {
    await home?.remove();
    await files?.remove();
  });

  it('binds each sealed object to its dataset, zone, batch and key (and nothing that names a student)', async () => {
    const key = `attendance/batch=${batches.first}/invalid.parquet.enc`;
    const sealed = await ctx.stores.quarantine.getBytes(key);
    const context = sealedObjectContext('attendance', 'quarantine', batches.first, key);
    expect(context).toEqual({ dataset: 'attendance', zone: 'quarantine', batch: batches.first, object: key });
    expect((await decryptBuffer(ctx.protection.envelopeKeys, sealed, { expectedContext: context })).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('refuses two quarantine objects of one dataset and zone swapped, naming the object', async () => {
    const a = zone('quarantine', `attendance/batch=${batches.first}/invalid.parquet.enc`);
    const b = zone('quarantine', `attendance/batch=${batches.second}/invalid.parquet.enc`);
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      await whileSwapped(a, b, async () => {
        const read = quarantineSummary(ctx.stores, ctx.protection, engine, 'attendance');
        await expect(read).rejects.toThrow(TamperedObject);
        await expect(quarantineSummary(ctx.stores, ctx.protection, engine, 'attendance')).rejects.toThrow(
          `quarantine/attendance/batch=${batches.first}/invalid.parquet.enc was tampered with or swapped: it was sealed as quarantine/attendance/batch=${batches.second}/invalid.parquet.enc`,
        );
      });
      expect((await quarantineSummary(ctx.stores, ctx.protection, engine, 'attendance')).rows).toBe(2);
    } finally {
      await engine.close();
    }
  });

  it('refuses a trusted file that is not the one its commit recorded, naming it', async () => {
    const partition = join(home.path, 'zones', 'trusted', 'attendance', 'session_month=2025-09');
    const [older, newer] = (await readdir(partition)).sort();
    expect(newer).toBeDefined();
    await whileSwapped(join(partition, older), join(partition, newer), async () => {
      // Whichever of the two is read first is named.
      await expect(openLakeQuery(ctx.stores)).rejects.toThrow(
        /trusted\/attendance\/session_month=2025-09\/part-b[0-9a-f]+\.parquet was tampered with or swapped: its SHA-256 [0-9a-f]{12}… is not the/,
      );
    });
    const lake = await openLakeQuery(ctx.stores);
    await lake.close();
  });

  it("binds each encrypted field to its row's key: swapped e-mails no longer decrypt", async () => {
    const cipher = ctx.protection.fieldCipher;
    const snapshot = await readSnapshot(ctx.stores.platform);
    // admissions: the key is application_id; students: the key is the student's token, never the plaintext id.
    for (const [dataset, key] of [
      ['admissions', 'application_id'],
      ['students', 'student_id'],
    ] as const) {
      const paths = [...(snapshot.trusted.get(dataset)?.values() ?? [])].flat().map((k) => zone('trusted', k));
      const stored = await rows<{ id: string; email: string }>(
        `SELECT CAST(${key} AS VARCHAR) AS id, email FROM read_parquet([${paths.map((p) => `'${p}'`).join(', ')}]) ORDER BY id`,
      );
      expect(stored).toHaveLength(2);
      const [one, two] = stored;
      if (dataset === 'students') expect(one.id).toMatch(/^tok_[0-9a-f]{32}$/);
      const context = (rowKey: string) => ({ dataset, column: 'email', rowKey: [rowKey] });
      expect(cipher.decrypt(one.email, context(one.id))).toMatch(/@/);
      expect(cipher.decrypt(two.email, context(two.id))).toMatch(/@/);
      expect(() => cipher.decrypt(one.email, context(two.id))).toThrow(DecryptionFailed);
      expect(() => cipher.decrypt(two.email, context(one.id))).toThrow(DecryptionFailed);
    }
  });

  it('verifyLake reports every committed file ok, then each damage per file', async () => {
    const clean = await verifyLake(ctx.stores, ctx.protection.envelopeKeys);
    expect(clean.ok).toBe(true);
    expect(clean.counts).toMatchObject({ 'hash-mismatch': 0, missing: 0, undecryptable: 0, unverified: 0 });
    expect(new Set(clean.files.map((f) => f.zone))).toEqual(new Set(['raw', 'quarantine', 'trusted', 'curated']));
    expect(clean.files.every((f) => f.status === 'ok')).toBe(true);

    const raw = `attendance/batch=${batches.first}/records.parquet.enc`;
    const quarantine = `attendance/batch=${batches.second}/invalid.parquet.enc`;
    const curated = (await readSnapshot(ctx.stores.platform)).curated.get('attendance_weekly') as string;
    const rawBytes = await readFile(zone('raw', raw));
    const curatedBytes = await readFile(zone('curated', curated));
    const quarantineBytes = await readFile(zone('quarantine', quarantine));
    try {
      const flipped = Buffer.from(rawBytes);
      flipped[flipped.length - 20] ^= 1;
      await writeFile(zone('raw', raw), flipped);
      await writeFile(zone('curated', curated), Buffer.concat([curatedBytes, Buffer.from('x')]));
      await rm(zone('quarantine', quarantine));
      const progress: number[] = [];
      const damaged = await verifyLake(ctx.stores, ctx.protection.envelopeKeys, (_file, done) => progress.push(done));
      expect(damaged.ok).toBe(false);
      const status = (z: string, key: string) => damaged.files.find((f) => f.zone === z && f.key === key)?.status;
      expect(status('raw', raw)).toBe('undecryptable');
      expect(status('curated', curated)).toBe('hash-mismatch');
      expect(status('quarantine', quarantine)).toBe('missing');
      expect(damaged.counts).toMatchObject({ ok: clean.files.length - 3, 'hash-mismatch': 1, missing: 1, undecryptable: 1 });
      expect(progress).toEqual(clean.files.map((_f, i) => i + 1));
    } finally {
      await writeFile(zone('raw', raw), rawBytes);
      await writeFile(zone('curated', curated), curatedBytes);
      await writeFile(zone('quarantine', quarantine), quarantineBytes);
    }
  });

  it('still reads a lake committed before identity contexts and hashes (commit entries without a format)', async () => {
    // The same lake as the earlier format wrote it: entries without format or sha256, objects sealed under { dataset, zone }.
    const legacy = await tempDir('acad-integrity-legacy-');
    try {
      await cp(home.path, legacy.path, { recursive: true });
      const stores = localZoneStores(legacy.path);
      for (const name of await readdir(join(legacy.path, 'platform', '_log'))) {
        const path = join(legacy.path, 'platform', '_log', name);
        const record = JSON.parse(await readFile(path, 'utf8')) as LogRecord;
        const entries: CommitEntry[] = record.kind === 'group' ? record.batches : [record];
        for (const entry of entries) {
          for (const zoneName of ['raw', 'quarantine'] as const) {
            for (const key of entry[zoneName]) {
              const plain = await decryptBuffer(ctx.protection.envelopeKeys, await stores[zoneName].getBytes(key));
              await stores[zoneName].put(
                key,
                await encryptBuffer(ctx.protection.envelopeKeys, { dataset: entry.dataset, zone: zoneName }, plain),
              );
            }
          }
          delete entry.format;
          delete entry.sha256;
        }
        expect(name).toBe(logKey(entries[0].seq).slice('_log/'.length));
        await writeFile(path, JSON.stringify(record));
      }
      const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
      try {
        expect((await quarantineSummary(stores, ctx.protection, engine, 'attendance')).rows).toBe(2);
      } finally {
        await engine.close();
      }
      const lake = await openLakeQuery(stores);
      try {
        expect(await lake.engine.query('SELECT count(*)::INTEGER AS n FROM trusted.attendance')).toEqual([{ n: 3 }]);
      } finally {
        await lake.close();
      }
      const report = await verifyLake(stores, ctx.protection.envelopeKeys);
      expect(report.ok).toBe(true);
      expect(report.files.filter((f) => f.zone === 'trusted').every((f) => f.status === 'unverified')).toBe(true);
      expect(report.files.filter((f) => f.zone === 'raw').every((f) => f.status === 'ok' && /before digests/.test(f.detail ?? ''))).toBe(
        true,
      );
    } finally {
      await legacy.remove();
    }
  });
});
