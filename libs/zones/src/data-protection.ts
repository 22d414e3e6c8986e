import { createHmac } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Settings } from '@acad/config';
import { AwsKmsKeyProvider, CachingKeyProvider, FieldCipher, LocalKeyring, Tokenizer, type KeyProvider } from '@acad/crypto';

/**
 * How the zones protect student data (PRODUCT.md §5): envelope keys for raw and quarantine
 * objects, deterministic tokens for identifiers, per-value encryption for direct identifiers,
 * and a keyed fingerprint of each row's plaintext so re-deliveries are recognised after
 * their fields were encrypted.
 */
export interface DataProtection {
  envelopeKeys: KeyProvider;
  tokenizer: Tokenizer;
  fieldCipher: FieldCipher;
  /** Hex key mixed into row fingerprints; derived from the tokenization key, so it never rotates. */
  fingerprintKeyHex: string;
}

export function dataProtectionFromKeyring(keyring: LocalKeyring, envelopeKeys: KeyProvider = keyring): DataProtection {
  return {
    envelopeKeys,
    tokenizer: Tokenizer.fromKeySource(keyring),
    fieldCipher: new FieldCipher(keyring),
    fingerprintKeyHex: createHmac('sha256', keyring.tokenizationKey()).update('acad:row-fingerprint:v1').digest('hex'),
  };
}

/**
 * The key provider as configured: the local keyring under ACAD_HOME/keys, or AWS KMS for
 * envelope keys. Tokens and field keys come from the local keyring in both cases for now.
 */
export function createDataProtection(settings: Settings): DataProtection {
  const keyring = LocalKeyring.open(settings.home);
  if (settings.kms === 'aws' && settings.kmsKeyId) {
    const kms = new AwsKmsKeyProvider({ client: new KMSClient({ region: settings.region }), keyId: settings.kmsKeyId });
    return dataProtectionFromKeyring(keyring, new CachingKeyProvider(kms, {}));
  }
  return dataProtectionFromKeyring(keyring);
}
