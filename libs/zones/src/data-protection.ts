import { createHmac } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  AwsKmsKeyProvider,
  CachingKeyProvider,
  FieldCipher,
  LocalKeyring,
  Tokenizer,
  type DerivedKeySource,
  type KeyProvider,
  type TokenizationKeySource,
} from '@acad/crypto';
import type { ObjectStore } from '@acad/storage';
import { openLakeDataKeys } from './lake-data-keys';

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

/** Field keys and the tokenization key: the local keyring's, or the lake's KMS data keys. */
export type FieldAndTokenKeys = DerivedKeySource & TokenizationKeySource;

export function dataProtectionFromKeys(keys: FieldAndTokenKeys, envelopeKeys: KeyProvider): DataProtection {
  const tokenKey = keys.tokenizationKey();
  try {
    return {
      envelopeKeys,
      tokenizer: new Tokenizer(tokenKey),
      fieldCipher: new FieldCipher(keys),
      fingerprintKeyHex: createHmac('sha256', tokenKey).update('acad:row-fingerprint:v1').digest('hex'),
    };
  } finally {
    tokenKey.fill(0);
  }
}

export function dataProtectionFromKeyring(keyring: LocalKeyring, envelopeKeys: KeyProvider = keyring): DataProtection {
  return dataProtectionFromKeys(keyring, envelopeKeys);
}

/** Which keys protect the lake, as an app's composition root chose them (ACAD_HOME, ACAD_KMS). */
export interface KeyLocation {
  /** ACAD_HOME: the local keyring under `<home>/keys`, used for every key unless `kms` is given. */
  home: string;
  /** ACAD_KMS=aws: every key from AWS KMS through a client the root built; no local keyring is opened. */
  kms?: { client: KMSClient; keyId: string };
}

/**
 * The keys as chosen. Locally: the keyring under ACAD_HOME/keys for everything. With KMS:
 * envelope keys are KMS data keys per object (unwraps cached), and the field and tokenization
 * keys are KMS data keys the lake keeps wrapped in its platform zone (`_keys/`), unwrapped once
 * here with `Decrypt`. The platform store is only read with KMS.
 */
export async function createDataProtection(location: KeyLocation, platform: ObjectStore): Promise<DataProtection> {
  if (!location.kms) return dataProtectionFromKeyring(LocalKeyring.open(location.home));
  const kms = new AwsKmsKeyProvider({ client: location.kms.client, keyId: location.kms.keyId });
  return dataProtectionFromKeys(await openLakeDataKeys(platform, kms), new CachingKeyProvider(kms, {}));
}
