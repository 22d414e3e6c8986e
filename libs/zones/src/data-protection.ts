import { createHmac } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
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

/** Which keys protect the lake, as an app's composition root chose them (ACAD_HOME, ACAD_KMS). */
export interface KeyLocation {
  /** ACAD_HOME: the local keyring under `<home>/keys` (tokens and field keys always come from it). */
  home: string;
  /** Envelope keys from AWS KMS through a client the root built; left out: from the local keyring. */
  kms?: { client: KMSClient; keyId: string };
}

/**
 * The key provider as chosen: the local keyring under ACAD_HOME/keys, or AWS KMS for envelope
 * keys. Tokens and field keys come from the local keyring in both cases for now.
 */
export function createDataProtection(location: KeyLocation): DataProtection {
  const keyring = LocalKeyring.open(location.home);
  if (location.kms) {
    const kms = new AwsKmsKeyProvider({ client: location.kms.client, keyId: location.kms.keyId });
    return dataProtectionFromKeyring(keyring, new CachingKeyProvider(kms, {}));
  }
  return dataProtectionFromKeyring(keyring);
}
