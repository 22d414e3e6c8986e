import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { DataKeysNotFound, DecryptionFailed, UnknownKeyVersion } from './crypto-errors';
import { FIELD_KEY_PURPOSE, FieldCipher } from './field-cipher';
import { generateWrappedDataKey, KmsDataKeys, TOKENIZATION_KEY_PURPOSE, type WrappedDataKey } from './kms-data-keys';
import { KmsStandIn } from './kms-stand-in';
import { Tokenizer } from './tokenizer';

const row = { dataset: 'students', column: 'email', rowKey: ['tok_0123456789abcdef0123456789abcdef'] };

describe('KmsDataKeys', () => {
  const kms = mockClient(KMSClient);
  const standIn = new KmsStandIn();
  const plaintexts: Buffer[] = [];

  beforeEach(() => {
    kms.reset();
    plaintexts.length = 0;
    kms.on(GenerateDataKeyCommand).callsFake((input) => {
      const output = standIn.generateDataKey(input);
      plaintexts.push(Buffer.from(output.Plaintext as Uint8Array));
      return output;
    });
    kms.on(DecryptCommand).callsFake((input) => standIn.decrypt(input));
  });

  const provider = () => new AwsKmsKeyProvider({ client: new KMSClient({ region: 'eu-west-1' }), keyId: 'alias/acad-data' });

  async function storedKeys(): Promise<WrappedDataKey[]> {
    return [
      await generateWrappedDataKey(provider(), TOKENIZATION_KEY_PURPOSE, 1),
      await generateWrappedDataKey(provider(), FIELD_KEY_PURPOSE, 1),
    ];
  }

  it('generates each key with GenerateDataKey on the platform key, AES_256, bound to its purpose and version', async () => {
    const stored = await storedKeys();

    expect(kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:tokenization:v1', version: '1' } },
      { KeyId: 'alias/acad-data', KeySpec: 'AES_256', EncryptionContext: { purpose: 'acad:field-cipher:v1', version: '1' } },
    ]);
    // Only the wrapped key and the ARN KMS answered with are kept; the plaintext is not.
    expect(stored.map(({ purpose, version, keyId }) => ({ purpose, version, keyId }))).toEqual([
      { purpose: TOKENIZATION_KEY_PURPOSE, version: 1, keyId: standIn.keyArn },
      { purpose: FIELD_KEY_PURPOSE, version: 1, keyId: standIn.keyArn },
    ]);
    const text = JSON.stringify(stored);
    for (const plaintext of plaintexts) {
      expect(text).not.toContain(plaintext.toString('base64'));
      expect(text).not.toContain(plaintext.toString('hex'));
    }
  });

  it('unwraps each stored key once with Decrypt (the ARN that wrapped it, its context), and uses it as generated', async () => {
    const stored = await storedKeys();
    const keys = await KmsDataKeys.unwrap(provider(), stored, 's3://acad-platform/_keys/');

    expect(kms.commandCalls(DecryptCommand).map((call) => call.args[0].input)).toEqual(
      stored.map((key) => ({
        CiphertextBlob: Buffer.from(key.wrapped, 'base64'),
        KeyId: standIn.keyArn,
        EncryptionContext: { purpose: key.purpose, version: '1' },
      })),
    );
    const [tokenKey, fieldKey] = plaintexts;
    expect(keys.tokenizationKey()).toEqual(tokenKey);
    expect(keys.deriveKey(1, FIELD_KEY_PURPOSE)).toEqual(fieldKey);
    expect(keys.latestVersion).toBe(1);
    expect(Tokenizer.fromKeySource(keys).token('S0000001')).toBe(new Tokenizer(tokenKey).token('S0000001'));

    // Many values, no further KMS call: the keys are held for the process.
    const cipher = new FieldCipher(keys);
    for (let i = 0; i < 50; i += 1) cipher.decrypt(cipher.encrypt(`student${i}@example.edu`, row), row);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(2);
  });

  it('lets a second process, with its own client, unwrap the stored keys and decrypt what the first wrote', async () => {
    const stored = JSON.parse(JSON.stringify(await storedKeys())) as WrappedDataKey[];
    const first = new FieldCipher(await KmsDataKeys.unwrap(provider(), stored, 'lake'));
    const encrypted = first.encrypt('ada@example.edu', row);

    const second = new FieldCipher(await KmsDataKeys.unwrap(provider(), stored, 'lake'));

    expect(second.decrypt(encrypted, row)).toBe('ada@example.edu');
    expect(encrypted).not.toContain('ada');
  });

  it('refuses a blob swapped between purposes: KMS checks the context, and the error names no key material', async () => {
    const [token, field] = await storedKeys();
    const swapped = [token, { ...field, wrapped: token.wrapped }];

    const error = await KmsDataKeys.unwrap(provider(), swapped, 'lake').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DecryptionFailed);
    const message = `${(error as Error).message} ${String((error as Error).cause)}`;
    for (const plaintext of plaintexts) {
      expect(message).not.toContain(plaintext.toString('base64'));
      expect(message).not.toContain(plaintext.toString('hex'));
    }
  });

  it('needs the tokenization key and field key v1, naming what is missing and how keys are made', async () => {
    const [token] = await storedKeys();

    const error = await KmsDataKeys.unwrap(provider(), [token], 's3://acad-platform/_keys/').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataKeysNotFound);
    expect((error as Error).message).toContain('acad:field-cipher:v1 at s3://acad-platform/_keys/');
    expect((error as Error).message).toContain('acad keys init');
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('answers an unknown field key version with UnknownKeyVersion', async () => {
    const keys = await KmsDataKeys.unwrap(provider(), await storedKeys(), 'lake');

    expect(() => keys.deriveKey(2, FIELD_KEY_PURPOSE)).toThrow(UnknownKeyVersion);
  });
});
