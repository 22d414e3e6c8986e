import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type {
  DecryptCommandInput,
  DecryptCommandOutput,
  GenerateDataKeyCommandInput,
  GenerateDataKeyCommandOutput,
} from '@aws-sdk/client-kms';
import { canonicalContext } from './encryption-context';

/**
 * For tests: answers KMS GenerateDataKey and Decrypt as KMS does, with a real wrap (AES-256-GCM
 * under one secret, the key ARN and encryption context authenticated), so a blob unwraps only
 * with the context it was made with. Wire it into aws-sdk-client-mock:
 * `kms.on(GenerateDataKeyCommand).callsFake((i) => standIn.generateDataKey(i))`.
 * Two KMS clients answered by one stand-in behave like two processes sharing one KMS key.
 */
export class KmsStandIn {
  private readonly secret = randomBytes(32);

  constructor(readonly keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab') {}

  generateDataKey(input: GenerateDataKeyCommandInput): Omit<GenerateDataKeyCommandOutput, '$metadata'> {
    if (input.KeySpec !== 'AES_256') throw new Error(`the stand-in makes AES_256 keys, not ${String(input.KeySpec)}`);
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    cipher.setAAD(this.aad(input.EncryptionContext));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { Plaintext: plaintext, CiphertextBlob: Buffer.concat([iv, body, cipher.getAuthTag()]), KeyId: this.keyArn };
  }

  decrypt(input: DecryptCommandInput): Omit<DecryptCommandOutput, '$metadata'> {
    const blob = Buffer.from(input.CiphertextBlob ?? []);
    const decipher = createDecipheriv('aes-256-gcm', this.secret, blob.subarray(0, 12));
    decipher.setAAD(this.aad(input.EncryptionContext));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    try {
      return { Plaintext: Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]), KeyId: this.keyArn };
    } catch {
      const error = new Error('The ciphertext or its encryption context is not valid.');
      error.name = 'InvalidCiphertextException';
      throw error;
    }
  }

  private aad(context: Record<string, string> | undefined): Buffer {
    return Buffer.from(`${this.keyArn}\u0000${canonicalContext(context ?? {})}`, 'utf8');
  }
}
