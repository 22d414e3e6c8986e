import { existsSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DecryptCommand,
  DescribeKeyCommand,
  GenerateDataKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { KmsStandIn } from '@acad/crypto/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

describe('acad keys init | backup | restore, and a lost key', () => {
  let home: string;
  const cli = (...args: string[]) => runAcad(home, args);
  const ingest = () => ingestAttendance(home);

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-keys-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('init creates the keyring on an empty lake (0700/0600), and then leaves it as it is', async () => {
    const first = await cli('keys', 'init', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ keysDir: join(home, 'keys'), created: true, versions: [1] });
    expect(statSync(join(home, 'keys')).mode & 0o777).toBe(0o700);
    for (const name of ['master-v1.key', 'tokenization.key']) expect(statSync(join(home, 'keys', name)).mode & 0o777).toBe(0o600);
    const token = readFileSync(join(home, 'keys', 'tokenization.key'));
    const again = await cli('keys', 'init');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already exists .*nothing was changed/);
    expect(readFileSync(join(home, 'keys', 'tokenization.key')).equals(token)).toBe(true);
  });

  it('every other command finds no keyring an error (exit 2), and creates none', async () => {
    for (const args of [
      ['keys', 'status'],
      ['keys', 'rotate'],
      ['quarantine', 'attendance'],
    ]) {
      const result = await cli(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(`No keyring at ${join(home, 'keys')}`);
      expect(result.stderr).toContain('acad keys restore <backup-dir>');
    }
    expect(existsSync(join(home, 'keys'))).toBe(false);
  });

  it('refuses to init over a lake that holds data, and names a lost key file; a backup restores it', async () => {
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingest();
    const backup = await cli('keys', 'backup', 'key-backup', '--json');
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ dir: join(home, 'key-backup'), masterVersions: [1] });
    expect(readdirSync(join(home, 'key-backup')).sort()).toEqual(['manifest.json', 'master-v1.key', 'tokenization.key']);

    const master = join(home, 'keys', 'master-v1.key');
    unlinkSync(master);
    const lost = await cli('quarantine', 'attendance');
    expect(lost.code).toBe(2);
    expect(lost.stderr).toContain(`Key file ${master} cannot be used: it is missing`);
    expect(lost.stderr).toContain('acad keys restore <backup-dir>');
    expect(existsSync(master)).toBe(false);

    rmSync(join(home, 'keys'), { recursive: true });
    const init = await cli('keys', 'init');
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/Refusing to create new keys .*the lake already holds data \(platform\/_log\/.*acad keys restore/);
    expect(existsSync(join(home, 'keys'))).toBe(false);

    const restored = await cli('keys', 'restore', 'key-backup');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Restored 2 key file\(s\) \(master-v1\.key, tokenization\.key\)/);
    // The sealed quarantine reads again under the restored key.
    const read = await cli('quarantine', 'attendance', '--json');
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ dataset: 'attendance', rows: 1 });
  });

  it('restore refuses a backup whose key was altered, and a keyring holding a different key (exit 2)', async () => {
    expect((await cli('keys', 'init')).code).toBe(0);
    expect((await cli('keys', 'backup', join(home, 'b'))).code).toBe(0);
    const same = await cli('keys', 'restore', 'b');
    expect(same.code).toBe(0); // the same keys: nothing to do
    rmSync(join(home, 'keys'), { recursive: true });
    expect((await cli('keys', 'init')).code).toBe(0); // an empty lake may get new keys...
    const refused = await cli('keys', 'restore', 'b');
    expect(refused.code).toBe(2); // ...but a restore never overwrites them
    expect(refused.stderr).toMatch(/Refusing to restore .*master-v1\.key.*already holds a different key/);
    const altered = join(home, 'b', 'master-v1.key');
    writeFileSync(altered, Buffer.alloc(32, 7));
    const bad = await cli('keys', 'restore', 'b');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/master-v1\.key does not match its SHA-256/);
  });

  describe('with ACAD_KMS=aws', () => {
    const kms = mockClient(KMSClient);
    const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const onKms = { ACAD_KMS: 'aws', ACAD_KMS_KEY_ID: 'alias/acad-data' };
    const standIn = new KmsStandIn(KEY_ARN);
    beforeEach(() => {
      kms.reset();
      kms.on(GenerateDataKeyCommand).callsFake((input) => standIn.generateDataKey(input));
      kms.on(DecryptCommand).callsFake((input) => standIn.decrypt(input));
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '1234abcd', Arn: KEY_ARN, KeyState: 'Enabled' } });
      kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
      kms.on(RotateKeyOnDemandCommand).resolves({ KeyId: KEY_ARN });
    });
    afterAll(() => kms.restore());

    it('init makes the field and tokenization keys with KMS, stored wrapped in the platform zone; status describes the KMS key; no keyring', async () => {
      const init = await runAcad(home, ['keys', 'init', '--json'], onKms);
      expect(init.code).toBe(0);
      const keysDir = `${pathToFileURL(join(home, 'platform')).href}/_keys/`;
      expect(JSON.parse(init.stdout)).toEqual({
        keysDir,
        created: true,
        versions: [1],
        kms: { keyId: KEY_ARN, state: 'Enabled', automaticRotation: true },
      });
      expect(kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input)).toEqual([
        { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:tokenization:v1', version: '1' } },
        { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:field-cipher:v1', version: '1' } },
      ]);
      expect(readdirSync(join(home, 'platform', '_keys')).sort()).toEqual(['field-v1.json', 'tokenization-v1.json']);
      expect(existsSync(join(home, 'keys'))).toBe(false);
      const status = await runAcad(home, ['keys', 'status'], onKms);
      expect(status.code).toBe(0);
      expect(status.stdout).toBe(
        `KMS key ${KEY_ARN} (Enabled, automatic rotation on) wraps every data key; field and tokenization keys wrapped in ${keysDir}: field key versions 1`,
      );
      expect(kms.commandCalls(DescribeKeyCommand).map((call) => call.args[0].input)).toEqual([
        { KeyId: 'alias/acad-data' },
        { KeyId: 'alias/acad-data' },
      ]);
      expect(kms.commandCalls(GetKeyRotationStatusCommand).map((call) => call.args[0].input)).toEqual([
        { KeyId: KEY_ARN },
        { KeyId: KEY_ARN },
      ]);
    });

    it('rotate asks KMS for new key material under the same ARN (the stored wrapped keys keep it) and makes no keyring', async () => {
      expect((await runAcad(home, ['keys', 'init'], onKms)).code).toBe(0);
      const rotated = await runAcad(home, ['keys', 'rotate', '--json'], onKms);
      expect(rotated.code).toBe(0);
      expect(JSON.parse(rotated.stdout)).toEqual({ keyId: KEY_ARN });
      expect(kms.commandCalls(RotateKeyOnDemandCommand).map((call) => call.args[0].input)).toEqual([{ KeyId: 'alias/acad-data' }]);
      expect(existsSync(join(home, 'keys'))).toBe(false);
    });

    it('without ACAD_KMS the local keyring answers and KMS is never called', async () => {
      expect((await cli('keys', 'init')).code).toBe(0);
      const rotated = await cli('keys', 'rotate', '--json');
      expect(JSON.parse(rotated.stdout)).toEqual({ version: 2, keyId: 'local:v2', versions: [1, 2] });
      expect((await cli('keys', 'status')).stdout).toBe(`Keyring ${join(home, 'keys')}: versions 1, 2; new writes use local:v2`);
      expect(kms.calls()).toHaveLength(0);
    });
  });
});
