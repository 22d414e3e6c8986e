import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { DataKeysNotFound, InvalidLakeDataKey, LocalKeyring } from '@acad/crypto';
import { KmsStandIn } from '@acad/crypto/testing';
import { createDataProtection } from './data-protection';
import { initializeKeys } from './initialize-keys';
import { dataKeyObject, readLakeDataKeys } from './lake-data-keys';
import { keysIn, localZoneStores, tempDir } from './zone-fixture.test-support';
import { LakeHoldsData } from './zone-errors';

const row = { dataset: 'admissions', column: 'email', rowKey: ['A00000001'] };

describe('the lake’s field and tokenization keys with ACAD_KMS=aws', () => {
  const kms = mockClient(KMSClient);
  const standIn = new KmsStandIn();
  const generated: Buffer[] = [];
  let home: { path: string; remove: () => Promise<void> };
  // What each app's composition root builds from ACAD_KMS=aws and ACAD_KMS_KEY_ID.
  const location = () => ({ home: home.path, kms: { client: new KMSClient({ region: 'eu-west-1' }), keyId: 'alias/acad-data' } });

  beforeEach(async () => {
    kms.reset();
    generated.length = 0;
    kms.on(GenerateDataKeyCommand).callsFake((input) => {
      const output = standIn.generateDataKey(input);
      generated.push(Buffer.from(output.Plaintext as Uint8Array));
      return output;
    });
    kms.on(DecryptCommand).callsFake((input) => standIn.decrypt(input));
    home = await tempDir('acad-lake-keys-');
  });
  afterEach(() => home.remove());

  it('`keys init` generates both keys with KMS and stores them wrapped in the platform zone, with no local keyring', async () => {
    const stores = localZoneStores(home.path);

    const initialized = await initializeKeys(location(), stores);

    expect(initialized).toEqual({ keysDir: `${stores.platform.location}/_keys/`, created: true, versions: [1] });
    expect(kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:tokenization:v1', version: '1' } },
      { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:field-cipher:v1', version: '1' } },
    ]);
    expect(await keysIn(stores.platform, '_keys/')).toEqual(['_keys/field-v1.json', '_keys/tokenization-v1.json']);
    expect(existsSync(join(home.path, 'keys'))).toBe(false);
    // The objects hold the wrapped keys and the ARN, never the plaintext in any encoding.
    for (const key of ['_keys/field-v1.json', '_keys/tokenization-v1.json']) {
      const text = (await stores.platform.getBytes(key)).toString('utf8');
      for (const plaintext of generated) {
        expect(text).not.toContain(plaintext.toString('base64'));
        expect(text).not.toContain(plaintext.toString('hex'));
      }
      expect(JSON.parse(text)).toMatchObject({ format: 1, version: 1, keyId: standIn.keyArn });
    }
  });

  it('a second process unwraps the stored keys with Decrypt and reads what the first wrote: same tokens, same field values', async () => {
    const stores = localZoneStores(home.path);
    await initializeKeys(location(), stores);
    const first = await createDataProtection(location(), stores.platform);
    const encrypted = first.fieldCipher.encrypt('ada@example.org', row);
    kms.resetHistory();

    // Another process: its own client and stores over the same lake, nothing shared in memory.
    const second = await createDataProtection(location(), localZoneStores(home.path).platform);

    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    const stored = await readLakeDataKeys(stores.platform);
    expect(kms.commandCalls(DecryptCommand).map((call) => call.args[0].input)).toEqual(
      stored.map((key) => ({
        CiphertextBlob: Buffer.from(key.wrapped, 'base64'),
        KeyId: standIn.keyArn,
        EncryptionContext: { purpose: key.purpose, version: '1' },
      })),
    );
    expect(second.fieldCipher.decrypt(encrypted, row)).toBe('ada@example.org');
    expect(second.tokenizer.token('S0000001')).toBe(first.tokenizer.token('S0000001'));
    expect(second.fingerprintKeyHex).toBe(first.fingerprintKeyHex);
    // The field key is the KMS data key itself, not one derived from a local master key.
    expect(generated).toHaveLength(2);
    expect(existsSync(join(home.path, 'keys'))).toBe(false);
  });

  it('running `keys init` again writes nothing and asks KMS for nothing; two at once leave one key of each', async () => {
    const [a, b] = [localZoneStores(home.path), localZoneStores(home.path)];
    await Promise.all([initializeKeys(location(), a), initializeKeys(location(), b)]);
    kms.resetHistory();

    expect(await initializeKeys(location(), a)).toMatchObject({ created: false, versions: [1] });
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    expect(await keysIn(a.platform, '_keys/')).toEqual(['_keys/field-v1.json', '_keys/tokenization-v1.json']);
    const one = await createDataProtection(location(), a.platform);
    const other = await createDataProtection(location(), b.platform);
    expect(other.fieldCipher.decrypt(one.fieldCipher.encrypt('x@example.org', row), row)).toBe('x@example.org');
  });

  it('refuses to make keys over a lake that holds data, and a process without keys says to run `acad keys init`', async () => {
    const stores = localZoneStores(home.path);
    await stores.trusted.put('attendance/part-0.parquet', 'rows');

    await expect(initializeKeys(location(), stores)).rejects.toThrow(LakeHoldsData);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(0);
    const error = await createDataProtection(location(), stores.platform).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataKeysNotFound);
    expect((error as Error).message).toContain('acad keys init');
  });

  it('names a damaged stored key instead of making a new one', async () => {
    const stores = localZoneStores(home.path);
    await initializeKeys(location(), stores);
    await stores.platform.put(dataKeyObject('acad:field-cipher:v1', 1), '{"format":1}');

    await expect(createDataProtection(location(), stores.platform)).rejects.toThrow(InvalidLakeDataKey);
  });

  it('leaves local mode as it was: the keyring under ACAD_HOME/keys, and KMS never called', async () => {
    const stores = localZoneStores(home.path);

    const initialized = await initializeKeys({ home: home.path }, stores);
    const protection = await createDataProtection({ home: home.path }, stores.platform);

    expect(initialized).toEqual({ keysDir: join(home.path, 'keys'), created: true, versions: [1] });
    expect(await keysIn(stores.platform, '_keys/')).toEqual([]);
    expect(protection.tokenizer.token('S0000001')).toBe(
      (await createDataProtection({ home: home.path }, stores.platform)).tokenizer.token('S0000001'),
    );
    expect(LocalKeyring.open(home.path).versions).toEqual([1]);
    expect(kms.calls()).toHaveLength(0);
  });
});
