import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { LocalKeyring } from '@acad/crypto';
import { generateSampleFiles, runCommand, type CommandOptions } from './worker-process.test-support';

// PRODUCT.md §5: plaintext PII never reaches any file the platform keeps — zones, logs,
// metrics, the commit log, error messages — outside the registrar's decrypting read path.

/** The default log level (not the quieter one of the other command tests): what the commands log is searched too. */
const DEFAULT_LOGGING: CommandOptions = { env: { ACAD_LOG_LEVEL: 'info' } };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Plaintext identifiers of the inputs; short names are left out (they occur by chance in ciphertext). */
function secretsOf(file: string, columns: string[]): Set<string> {
  const rows = parse(readFileSync(file), {
    bom: true,
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Array<Record<string, string>>;
  const secrets = new Set<string>();
  for (const row of rows) {
    for (const column of columns) {
      const value = (row[column] ?? '').trim();
      if (value.length >= 6) secrets.add(value);
    }
  }
  return secrets;
}

describe('no plaintext PII at rest', () => {
  const work = mkdtempSync(join(tmpdir(), 'acad-leak-'));
  const home = join(work, 'home');
  const sample = join(work, 'sample');

  beforeAll(async () => {
    LocalKeyring.create(home);
    await generateSampleFiles(sample, 80, 'leak');
    for (const dataset of ['students', 'courses', 'attendance', 'admissions']) {
      const result = await runCommand('ingest', [join(sample, `${dataset}.csv`), '--dataset', dataset], home, DEFAULT_LOGGING);
      expect({ dataset, code: result.code }).toEqual({ dataset, code: 0 });
    }
    // A rejected file's message is kept in the logs too.
    const rejected = await runCommand('ingest', [join(sample, 'admissions.csv'), '--dataset', 'courses'], home, DEFAULT_LOGGING);
    expect(rejected.code).toBe(1);
    const report = await runCommand('monitor', ['report'], home, DEFAULT_LOGGING);
    expect(report.code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds no name, e-mail, phone, birth date or student id of the inputs in any file under ACAD_HOME', async () => {
    const secrets = new Set([
      ...secretsOf(join(sample, 'admissions.csv'), ['first_name', 'last_name', 'email', 'phone', 'date_of_birth']),
      ...secretsOf(join(sample, 'students.csv'), ['student_id', 'first_name', 'last_name', 'email']),
    ]);
    expect(secrets.size).toBeGreaterThan(200);

    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const leaks: string[] = [];
    // Landing keeps files exactly as delivered until their batch commits (PRODUCT.md §3), and a
    // rejected file leaves it for the rejected area, sealed: nothing waits in landing, so every
    // file under ACAD_HOME is searched.
    const landing = join('zones', 'landing');
    expect(filesUnder(home).filter((f) => relative(home, f).startsWith(landing))).toEqual([]);
    const files = filesUnder(home);
    expect(files.map((f) => relative(join(home, 'zones', 'rejected'), f)).filter((f) => f.startsWith('courses'))).toEqual([
      expect.stringMatching(/^courses\/b[0-9a-f]{20}\/admissions\.csv\.enc$/),
      expect.stringMatching(/^courses\/b[0-9a-f]{20}\/rejection\.json$/),
    ]);
    let parquetRead = 0;
    try {
      for (const file of files) {
        if (statSync(file).size === 0) continue;
        let text: string;
        if (file.endsWith('.parquet')) {
          // Parquet pages are compressed: read the values through DuckDB.
          const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
          text = JSON.stringify(reader.getRowObjectsJson());
          parquetRead += 1;
        } else {
          text = readFileSync(file).toString('latin1') + readFileSync(file).toString('utf8');
        }
        for (const secret of secrets) if (text.includes(secret)) leaks.push(`${relative(home, file)}: ${secret.slice(0, 2)}…`);
      }
    } finally {
      connection.closeSync();
      db.closeSync();
    }
    expect(parquetRead).toBeGreaterThan(5);
    expect(files.some((f) => f.endsWith('.enc'))).toBe(true);
    expect(files.some((f) => f.includes(`${join('logs', 'ingestion-worker.log')}`))).toBe(true);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('keeps direct identifiers recoverable only as ciphertext in trusted', async () => {
    const { stdout } = await runCommand(
      'acad',
      ['query', 'select first_name, email, date_of_birth from trusted.admissions limit 5', '--format', 'json'],
      home,
      DEFAULT_LOGGING,
    );
    for (const row of JSON.parse(stdout) as Array<Record<string, string>>) {
      for (const value of Object.values(row)) expect(value).toMatch(/^enc1:[A-Za-z0-9_-]+$/);
    }
  }, 60_000);
});
