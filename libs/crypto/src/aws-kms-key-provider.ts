import { DecryptCommand, GenerateDataKeyCommand, ReEncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DecryptionFailed } from './crypto-errors';
import { validateEncryptionContext, type EncryptionContext } from './encryption-context';
import type { DataKey, KeyProvider, KeyRewrapper } from './key-provider';

export interface AwsKmsKeyProviderOptions {
  client: KMSClient;
  /** KMS key id, ARN, alias name or alias ARN used for new data keys. */
  keyId: string;
}

// KMS answers these when the blob, key or context do not match: the same meaning as a bad tag.
const UNWRAP_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

/**
 * Data keys from AWS KMS: GenerateDataKey (AES_256) to create, Decrypt to unwrap, both bound to
 * the encryption context. KMS rotates key material under the same key ARN, so objects keep
 * their wrapped key and stay readable after rotation.
 */
export class AwsKmsKeyProvider implements KeyProvider, KeyRewrapper {
  readonly id = 'aws-kms';
  private readonly client: KMSClient;
  private readonly keyId: string;

  constructor(options: AwsKmsKeyProviderOptions) {
    if (!options.keyId) throw new RangeError('AwsKmsKeyProvider needs a KMS key id, ARN or alias');
    this.client = options.client;
    this.keyId = options.keyId;
  }

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    validateEncryptionContext(context);
    const output = await this.client.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    if (!output.Plaintext || output.Plaintext.length !== 32 || !output.CiphertextBlob) {
      throw new Error(`KMS GenerateDataKey for ${this.keyId} returned no 32-byte data key`);
    }
    return {
      plaintext: Buffer.from(output.Plaintext),
      wrapped: Buffer.from(output.CiphertextBlob),
      // KMS answers with the key ARN even when asked by alias; Decrypt is then pinned to it.
      keyId: output.KeyId ?? this.keyId,
    };
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer> {
    validateEncryptionContext(context);
    try {
      const output = await this.client.send(
        new DecryptCommand({ CiphertextBlob: wrapped, KeyId: keyId, EncryptionContext: { ...context } }),
      );
      if (!output.Plaintext || output.Plaintext.length !== 32) {
        throw new DecryptionFailed('key-unwrap', `KMS Decrypt with ${keyId} returned no 32-byte data key.`);
      }
      return Buffer.from(output.Plaintext);
    } catch (error) {
      if (error instanceof Error && UNWRAP_FAILURES.has(error.name)) {
        throw new DecryptionFailed('key-unwrap', `KMS refused to unwrap the data key with ${keyId} (${error.name}).`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * ReEncrypt: the data key moves from the key that wrapped it to this provider's key inside KMS,
   * bound to the same context; its plaintext never leaves KMS.
   */
  async rewrap(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<{ wrapped: Buffer; keyId: string }> {
    validateEncryptionContext(context);
    try {
      const output = await this.client.send(
        new ReEncryptCommand({
          CiphertextBlob: wrapped,
          SourceKeyId: keyId,
          SourceEncryptionContext: { ...context },
          DestinationKeyId: this.keyId,
          DestinationEncryptionContext: { ...context },
        }),
      );
      if (!output.CiphertextBlob) throw new Error(`KMS ReEncrypt from ${keyId} to ${this.keyId} returned no data key`);
      return { wrapped: Buffer.from(output.CiphertextBlob), keyId: output.KeyId ?? this.keyId };
    } catch (error) {
      if (error instanceof Error && UNWRAP_FAILURES.has(error.name)) {
        throw new DecryptionFailed('key-unwrap', `KMS refused to re-wrap the data key of ${keyId} (${error.name}).`, { cause: error });
      }
      throw error;
    }
  }
}
