import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
  KMSServiceException,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { DecryptionFailed } from './crypto-errors';
import { decryptBuffer, encryptBuffer } from './envelope-buffer';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const context = { dataset: 'attendance', zone: 'raw' };

describe('AwsKmsKeyProvider', () => {
  const kmsMock = mockClient(KMSClient);
  const client = new KMSClient({ region: 'eu-west-1' });

  beforeEach(() => kmsMock.reset());

  it('sends GenerateDataKey with the key, AES_256 and the encryption context, and returns the key ARN', async () => {
    const plaintext = randomBytes(32);
    const blob = randomBytes(184);
    kmsMock.on(GenerateDataKeyCommand).resolves({ Plaintext: plaintext, CiphertextBlob: blob, KeyId: KEY_ARN });
    const provider = new AwsKmsKeyProvider({ client, keyId: 'alias/acad-lake' });

    const dataKey = await provider.generateDataKey(context);

    expect(kmsMock.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kmsMock.commandCalls(GenerateDataKeyCommand)[0].args[0].input).toEqual({
      KeyId: 'alias/acad-lake',
      KeySpec: 'AES_256',
      EncryptionContext: { dataset: 'attendance', zone: 'raw' },
    });
    expect(dataKey).toEqual({ plaintext, wrapped: blob, keyId: KEY_ARN });
    expect(provider.id).toBe('aws-kms');
  });

  it('sends Decrypt with the blob, the key id from the object and the encryption context', async () => {
    const plaintext = randomBytes(32);
    kmsMock.on(DecryptCommand).resolves({ Plaintext: plaintext, KeyId: KEY_ARN });
    const provider = new AwsKmsKeyProvider({ client, keyId: 'alias/acad-lake' });
    const blob = randomBytes(184);

    expect(await provider.decryptDataKey(blob, KEY_ARN, context)).toEqual(plaintext);
    expect(kmsMock.commandCalls(DecryptCommand)[0].args[0].input).toEqual({
      CiphertextBlob: blob,
      KeyId: KEY_ARN,
      EncryptionContext: { dataset: 'attendance', zone: 'raw' },
    });
  });

  it('re-wraps a data key inside KMS with ReEncrypt, from the key that wrapped it to its own, the context kept', async () => {
    const blob = randomBytes(184);
    const rewrapped = randomBytes(184);
    kmsMock.on(ReEncryptCommand).resolves({ CiphertextBlob: rewrapped, KeyId: KEY_ARN });
    const provider = new AwsKmsKeyProvider({ client, keyId: 'alias/acad-lake' });

    const result = await provider.rewrap(blob, 'arn:aws:kms:eu-west-1:111122223333:key/old', context);

    expect(kmsMock.commandCalls(ReEncryptCommand).map((call) => call.args[0].input)).toEqual([
      {
        CiphertextBlob: blob,
        SourceKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/old',
        SourceEncryptionContext: { dataset: 'attendance', zone: 'raw' },
        DestinationKeyId: 'alias/acad-lake',
        DestinationEncryptionContext: { dataset: 'attendance', zone: 'raw' },
      },
    ]);
    expect(result).toEqual({ wrapped: rewrapped, keyId: KEY_ARN });
    kmsMock.on(ReEncryptCommand).rejects(new InvalidCiphertextException({ message: 'bad', $metadata: {} }));
    await expect(provider.rewrap(blob, 'local:v1', context)).rejects.toThrow(DecryptionFailed);
  });

  it('turns KMS InvalidCiphertextException into DecryptionFailed and passes other KMS errors through', async () => {
    const provider = new AwsKmsKeyProvider({ client, keyId: KEY_ARN });
    kmsMock.on(DecryptCommand).rejects(new InvalidCiphertextException({ message: 'bad blob', $metadata: {} }));
    await expect(provider.decryptDataKey(randomBytes(10), KEY_ARN, context)).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
      reason: 'key-unwrap',
    });
    const throttled = new KMSServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: {} });
    kmsMock.on(DecryptCommand).rejects(throttled);
    await expect(provider.decryptDataKey(randomBytes(10), KEY_ARN, context)).rejects.toBe(throttled);
  });

  it('refuses a context with PII-shaped values before calling KMS, and a missing key id', async () => {
    const provider = new AwsKmsKeyProvider({ client, keyId: KEY_ARN });
    await expect(provider.generateDataKey({ email: 'ada@uni.edu' })).rejects.toMatchObject({ code: 'ENCRYPTION_CONTEXT_INVALID' });
    expect(kmsMock.calls()).toHaveLength(0);
    expect(() => new AwsKmsKeyProvider({ client, keyId: '' })).toThrow(RangeError);
  });

  it('rejects a response without a 32-byte key', async () => {
    kmsMock.on(GenerateDataKeyCommand).resolves({ Plaintext: randomBytes(16), CiphertextBlob: randomBytes(100) });
    await expect(new AwsKmsKeyProvider({ client, keyId: KEY_ARN }).generateDataKey(context)).rejects.toThrow(/no 32-byte data key/);
  });

  it('encrypts and decrypts an object end to end, KMS checking the context as it would', async () => {
    // A minimal KMS: remembers which context each blob was issued under and refuses any other.
    const issued = new Map<string, { key: Buffer; context: string }>();
    kmsMock.on(GenerateDataKeyCommand).callsFake((input: { EncryptionContext: Record<string, string> }) => {
      const key = randomBytes(32);
      const blob = randomBytes(184);
      issued.set(blob.toString('hex'), { key, context: JSON.stringify(input.EncryptionContext) });
      return { Plaintext: key, CiphertextBlob: blob, KeyId: KEY_ARN };
    });
    kmsMock.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext: Record<string, string> }) => {
      const entry = issued.get(Buffer.from(input.CiphertextBlob).toString('hex'));
      if (!entry || entry.context !== JSON.stringify(input.EncryptionContext)) {
        throw new InvalidCiphertextException({ message: 'context mismatch', $metadata: {} });
      }
      return { Plaintext: entry.key, KeyId: KEY_ARN };
    });
    const provider = new AwsKmsKeyProvider({ client, keyId: 'alias/acad-lake' });
    const plaintext = randomBytes(100_000);
    const encrypted = await encryptBuffer(provider, context, plaintext);
    expect((await decryptBuffer(provider, encrypted)).equals(plaintext)).toBe(true);
    expect(kmsMock.commandCalls(DecryptCommand)[0].args[0].input).toMatchObject({ KeyId: KEY_ARN, EncryptionContext: context });

    const forged = Buffer.from(encrypted.toString('latin1').replace('"zone":"raw"', '"zone":"rax"'), 'latin1');
    await expect(decryptBuffer(provider, forged)).rejects.toThrow(DecryptionFailed);
  });
});
