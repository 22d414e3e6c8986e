import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { LocalQualityHistoryStore, datasetRules, evaluateBatchQuality, parseDqdl, type DatasetProfile } from '@acad/quality';
import { AdmissionsContract } from '@acad/schemas';
import { LocalKeyring } from '@acad/crypto';
import { runCommand, type CommandName } from './commands.test-support';

const node = (command: CommandName, args: string[], home: string, via: 'bundle' | 'tsx' = 'bundle') =>
  runCommand(command, args, { ...process.env, ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' }, via);
const acad = (args: string[], home: string) => node('acad', args, home);

describe('acad profile and acad quality (end to end over the sample data)', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-quality-cli-'));
  const sample = mkdtempSync(join(tmpdir(), 'acad-quality-sample-'));
  const admissionsCsv = join(sample, 'admissions.csv');
  afterAll(() => {
    for (const dir of [home, sample]) rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    // The explicit first-run step (`acad keys init`): nothing creates keys implicitly.
    LocalKeyring.create(home);
    expect((await node('sample-data', ['--out', sample, '--students', '40'], home, 'tsx')).code).toBe(0);
    expect((await node('ingest', [admissionsCsv, '--dataset', 'admissions'], home)).code).toBe(0);
  }, 120_000);

  /** Plaintext e-mails, phones and surnames of the sample file, none of which may be printed. */
  const plaintext = (): string[] => {
    const lines = readFileSync(admissionsCsv, 'utf8').split('\n').slice(1, 20);
    return lines.flatMap((line) => line.split('","').slice(2, 5)).filter((v) => v.length > 3);
  };

  it('finds the PII columns of trusted admissions and reports them as protected', async () => {
    const result = await acad(['profile', 'admissions', '--json'], home);
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as DatasetProfile;
    const pii = Object.fromEntries(profile.columns.filter((c) => c.pii).map((c) => [c.name, c.pii?.label]));
    for (const name of ['first_name', 'last_name', 'email', 'phone', 'date_of_birth']) expect(pii[name]).toBe('PII (protected: encrypted)');
    expect(profile.columns.find((c) => c.name === 'email')?.pii).toMatchObject({ kind: 'email', protection: 'encrypted' });
    expect(profile.columns.find((c) => c.name === 'email')?.topValuesNote).toBe('omitted: PII (protected: encrypted)');
    expect(profile.columns.find((c) => c.name === 'program_code')?.pii).toBeNull();
    expect(profile.columns.find((c) => c.name === 'test_score')?.histogram).toHaveLength(10);
    expect(parseDqdl(profile.suggestedDqdl).length).toBeGreaterThan(5);
    for (const value of plaintext()) expect(result.stdout).not.toContain(value);
    const text = await acad(['profile', 'admissions'], home);
    expect(text.stdout).toMatch(/^email {2}VARCHAR {2}\[PII \(protected: encrypted\): email, confidence 0\.99\d\]$/m);
    expect(text.stdout).toMatch(/^ {2}top \(omitted: PII \(protected: encrypted\)\) $/m);
  }, 60_000);

  it('finds PII in a plaintext staged file from its values and shows it masked', async () => {
    const result = await acad(['profile', 'admissions', '--file', admissionsCsv, '--json'], home);
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as DatasetProfile;
    const kinds = Object.fromEntries(profile.columns.filter((c) => c.pii).map((c) => [c.name, c.pii?.kind]));
    expect(kinds).toMatchObject({ first_name: 'name', last_name: 'name', email: 'email', phone: 'phone', date_of_birth: 'date_of_birth' });
    expect(profile.columns.find((c) => c.name === 'email')?.pii?.evidence.join(' ')).toMatch(/look like e-mail addresses/);
    for (const value of plaintext()) expect(result.stdout).not.toContain(value);
  }, 60_000);

  it('exports the same rules as DQDL and as a DataBrew CreateRuleset input', async () => {
    const dqdl = await acad(['quality', 'export', 'attendance', '--format', 'dqdl'], home);
    expect(dqdl.code).toBe(0);
    const rules = parseDqdl(dqdl.stdout);
    expect(rules.map((r) => r.id)).toContain('attendance.key');
    const databrew = await acad(
      [
        'quality',
        'export',
        'admissions',
        '--format',
        'databrew',
        '--target-arn',
        'arn:aws:databrew:us-east-1:123456789012:dataset/acad-admissions',
      ],
      home,
    );
    const { input, skipped } = JSON.parse(databrew.stdout) as {
      input: { Name: string; TargetArn: string; Rules: Array<{ Name: string }> };
      skipped: Array<{ ruleId: string }>;
    };
    expect(input).toMatchObject({ Name: 'acad-admissions', TargetArn: 'arn:aws:databrew:us-east-1:123456789012:dataset/acad-admissions' });
    expect(input.Rules.length + skipped.length).toBe(datasetRules(AdmissionsContract).length);
  }, 60_000);

  it('shows the latest results and the trend from the history store', async () => {
    // The ingest of the sample data already ran the quality gate once.
    const ingested = JSON.parse((await acad(['quality', 'admissions', '--json'], home)).stdout) as {
      latest: { batchId: string; status: string };
      trend: unknown[];
    };
    expect(ingested.latest).toMatchObject({ batchId: expect.stringMatching(/^b[0-9a-f]{20}$/), status: 'passed' });
    expect(ingested.trend).toHaveLength(1);
    const empty = await acad(['quality', 'grades', '--json'], home);
    expect(empty.code).toBe(2);
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      await engine.run(
        `CREATE TABLE staged AS SELECT * FROM read_csv(${sqlString(admissionsCsv)}, all_varchar = true, normalize_names = true)`,
      );
      const history = new LocalQualityHistoryStore(home);
      await evaluateBatchQuality({
        engine,
        contract: AdmissionsContract,
        relation: 'staged',
        batchId: 'b-1',
        history,
        rules: [{ id: 'rows', severity: 'error', type: 'RowCount', threshold: { op: '>', value: 0 } }],
      });
      await evaluateBatchQuality({ engine, contract: AdmissionsContract, relation: 'staged', batchId: 'b-2', history });
    } finally {
      await engine.close();
    }
    const report = await acad(['quality', 'admissions', '--json'], home);
    const parsed = JSON.parse(report.stdout) as {
      latest: { batchId: string; results: unknown[]; failingSamples: Record<string, unknown[]> };
      trend: Array<{ batchId: string; score: number }>;
    };
    expect(parsed.latest.batchId).toBe('b-2');
    expect(parsed.trend.map((t) => t.batchId)).toEqual([ingested.latest.batchId, 'b-1', 'b-2']);
    expect(parsed.trend[1].score).toBe(1);
    const text = await acad(['quality', 'admissions', '--last', '5'], home);
    expect(text.stdout).toMatch(/^admissions: batch b-2 at .* score/);
    expect(text.stdout).toMatch(/Trend \(last 3\): [0-9.]+ → 1 → /);
    // The sample data breaks row-level rules: their failing rows are shown, masked.
    const samples = Object.entries(parsed.latest.failingSamples);
    expect(samples.length).toBeGreaterThan(0);
    expect(text.stdout).toContain('Failing rows (PII masked');
    for (const [ruleId] of samples) expect(text.stdout).toContain(`\n  ${ruleId}\n    {`);
    for (const value of plaintext()) expect(text.stdout + report.stdout).not.toContain(value);
  }, 60_000);
});
