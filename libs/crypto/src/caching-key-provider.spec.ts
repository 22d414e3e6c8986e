import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { CachingKeyProvider } from './caching-key-provider';
import { DataKeyCache } from './data-key-cache';
import { decryptBuffer, encryptBuffer } from './envelope-buffer';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const context = { dataset: 'attendance', zone: 'trusted' };

describe('CachingKeyProvider', () => {
  const kmsMock = mockClient(KMSClient);
  const client = new KMSClient({ region: 'eu-west-1' });
  const dataKey = randomBytes(32);
  const blob = randomBytes(184);

  beforeEach(() => {
    kmsMock.reset();
    kmsMock.on(GenerateDataKeyCommand).resolves({ Plaintext: Buffer.from(dataKey), CiphertextBlob: blob, KeyId: KEY_ARN });
    kmsMock.on(DecryptCommand).callsFake(() => ({ Plaintext: Buffer.from(dataKey), KeyId: KEY_ARN }));
  });

  it('reads the same object twice with one KMS Decrypt call', async () => {
    const provider = new CachingKeyProvider(new AwsKmsKeyProvider({ client, keyId: KEY_ARN }));
    const plaintext = Buffer.from('student_token,rate\ntok_1,0.9\n');
    const encrypted = await encryptBuffer(provider, context, plaintext);
    expect(await decryptBuffer(provider, encrypted)).toEqual(plaintext);
    expect(await decryptBuffer(provider, encrypted)).toEqual(plaintext);
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(1);
    expect(kmsMock.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(provider.id).toBe('aws-kms');
  });

  it('calls KMS again for another context, after eviction, and only once for concurrent reads', async () => {
    const cache = new DataKeyCache({ maxEntries: 1 });
    const provider = new CachingKeyProvider(new AwsKmsKeyProvider({ client, keyId: KEY_ARN }), cache);
    await Promise.all([1, 2, 3].map(() => provider.decryptDataKey(blob, KEY_ARN, context)));
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(1);

    await provider.decryptDataKey(blob, KEY_ARN, { dataset: 'attendance', zone: 'raw' }); // evicts the first
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(2);
    expect(kmsMock.commandCalls(DecryptCommand)[1].args[0].input.EncryptionContext).toEqual({ dataset: 'attendance', zone: 'raw' });
    expect(await provider.decryptDataKey(blob, KEY_ARN, context)).toEqual(dataKey);
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(3);
    expect(cache.size).toBe(1);
  });

  it('does not cache failures', async () => {
    const provider = new CachingKeyProvider(new AwsKmsKeyProvider({ client, keyId: KEY_ARN }));
    let calls = 0;
    kmsMock.on(DecryptCommand).callsFake(() => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return { Plaintext: Buffer.from(dataKey), KeyId: KEY_ARN };
    });
    await expect(provider.decryptDataKey(blob, KEY_ARN, context)).rejects.toThrow('network down');
    expect(await provider.decryptDataKey(blob, KEY_ARN, context)).toEqual(dataKey);
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(2);
  });
});
