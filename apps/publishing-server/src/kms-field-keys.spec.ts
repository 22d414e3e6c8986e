import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createToken } from '@acad/access';
import { loadSettings } from '@acad/config';
import { DataKeysNotFound } from '@acad/crypto';
import { KmsStandIn } from '@acad/crypto/testing';
import { composeZoneContext, createZoneStores, initializeKeys, landFile, runLandingFile } from '@acad/zones';
import { buildServer } from './build-server';
import { fieldCipher } from './compose';

const ADMISSIONS = [
  'application_id,first_name,last_name,email,phone,date_of_birth,gender,country,postcode,program_code,intake_term,application_date,prior_gpa,test_score,status,decision_date,scholarship_amount',
  'A00000001,Ada,Lovelace,ada@example.org,,2000-01-01,f,GB,,BSC-CS,2026-FALL,2026-01-10,3.50,1200,submitted,,',
  'A00000002,Alan,Turing,alan@example.org,+44 20 1234 5678,1999-06-23,m,GB,SW1A 1AA,BSC-CS,2026-FALL,2026-01-12,3.90,1400,offered,2026-02-01,500.00',
].join('\n');

describe('ACAD_KMS=aws: the worker and the server with field and tokenization keys from KMS, no local keyring', () => {
  const kms = mockClient(KMSClient);
  const standIn = new KmsStandIn();
  const plaintextKeys: Buffer[] = [];
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'acad-serve-kms-'));
    kms.on(GenerateDataKeyCommand).callsFake((input) => {
      const output = standIn.generateDataKey(input);
      plaintextKeys.push(Buffer.from(output.Plaintext as Uint8Array));
      return output;
    });
    kms.on(DecryptCommand).callsFake((input) => standIn.decrypt(input));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('ingests with KMS data keys, and the server (another composition) unwraps them to show the registrar the values', async () => {
    const env = { ACAD_HOME: home, ACAD_KMS: 'aws', ACAD_KMS_KEY_ID: 'alias/acad-data', AWS_REGION: 'eu-west-1', ACAD_LOG_LEVEL: 'info' };
    const settings = loadSettings({ env, cwd: home });
    const location = { home, kms: { client: new KMSClient({ region: 'eu-west-1' }), keyId: 'alias/acad-data' } };
    const workerLog: string[] = [];
    const logger = {
      info: (...args: unknown[]) => void workerLog.push(JSON.stringify(args)),
      warn: (...args: unknown[]) => void workerLog.push(JSON.stringify(args)),
      error: (...args: unknown[]) => void workerLog.push(JSON.stringify(args)),
    };

    // `acad keys init`, then the worker's zone context as its composition root builds it with ACAD_KMS=aws.
    const choice = { home, kms: location.kms, engineLimits: {}, logger, runId: 'run-kms' };
    await expect(composeZoneContext(choice)).rejects.toThrow(DataKeysNotFound); // nothing is made implicitly
    await initializeKeys(location, createZoneStores({ home }));
    const worker = await composeZoneContext(choice);
    const file = join(home, 'admissions.csv');
    writeFileSync(file, `${ADMISSIONS}\n`);
    const summary = await runLandingFile(worker, 'admissions', await landFile(worker.stores.landing, 'admissions', file));
    expect(summary.status).toBe('committed');
    kms.resetHistory();

    const logStream = new PassThrough();
    const serverLog: string[] = [];
    logStream.on('data', (chunk: Buffer) => serverLog.push(chunk.toString('utf8')));
    // main.ts opens the cipher before listening: with KMS that is one Decrypt per stored key.
    const cipher = await fieldCipher(settings);
    expect(kms.commandCalls(DecryptCommand).map((call) => call.args[0].input.EncryptionContext)).toEqual([
      { purpose: 'acad:field-cipher:v1', version: '1' },
      { purpose: 'acad:tokenization:v1', version: '1' },
    ]);
    const app = await buildServer(settings, { cipher, logStream });
    try {
      const registrar = createToken(home, { user: 'reg', role: 'registrar' }).token;
      const response = await app.inject({
        method: 'GET',
        url: '/api/datasets/admissions/rows?limit=50',
        headers: { authorization: `Bearer ${registrar}` },
      });
      expect(response.statusCode).toBe(200);
      const emails = (response.json() as { rows: Array<{ email: string }> }).rows.map((row) => row.email).sort();
      expect(emails).toEqual(['ada@example.org', 'alan@example.org']);
    } finally {
      await app.close();
    }

    expect(existsSync(join(home, 'keys'))).toBe(false);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    // No plaintext data key in any encoding in either process's log.
    const logs = [...workerLog, ...serverLog].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const key of plaintextKeys) {
      expect(logs).not.toContain(key.toString('base64'));
      expect(logs).not.toContain(key.toString('hex'));
    }
  }, 120_000);
});
