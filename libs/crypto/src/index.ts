export { AwsKmsKeyProvider, type AwsKmsKeyProviderOptions } from './aws-kms-key-provider';
export { CachingKeyProvider } from './caching-key-provider';
export {
  DataKeysNotFound,
  DecryptionFailed,
  EncryptionContextMismatch,
  InsecureKeyFile,
  InvalidEncryptionContext,
  InvalidKeyBackup,
  InvalidKeyFile,
  InvalidLakeDataKey,
  isKeyringError,
  KEY_RESTORE_HINT,
  KEYRING_ERROR_CODES,
  KeyRestoreConflict,
  KeyringExists,
  KeyringNotFound,
  UnknownKeyVersion,
  type DecryptionFailureReason,
} from './crypto-errors';
export { DataKeyCache, type DataKeyCacheOptions } from './data-key-cache';
export { createDecryptStream, type DecryptStreamOptions } from './decrypt-stream';
export { createEncryptStream, type EncryptStreamOptions } from './encrypt-stream';
export {
  canonicalContext,
  MAX_CONTEXT_ENTRIES,
  MAX_CONTEXT_KEY_LENGTH,
  MAX_CONTEXT_VALUE_LENGTH,
  sameEncryptionContext,
  validateEncryptionContext,
  type EncryptionContext,
} from './encryption-context';
export { decryptBuffer, encryptBuffer } from './envelope-buffer';
export { createEnvelopeDigest, EnvelopeDigest } from './envelope-digest';
export {
  DEFAULT_FRAME_SIZE,
  ENVELOPE_ALGORITHM,
  ENVELOPE_MAGIC,
  ENVELOPE_VERSION,
  MAX_FRAME_SIZE,
  MIN_FRAME_SIZE,
  type EnvelopeHeader,
} from './envelope-header';
export { FIELD_KEY_PURPOSE, FIELD_PREFIX, FieldCipher, type FieldContext } from './field-cipher';
export type { DataKey, DerivedKeySource, KeyProvider, KeyRewrapper } from './key-provider';
export { backupKeyring, KEY_BACKUP_MANIFEST, restoreKeyring, type KeyBackupManifest, type KeyRestoreReport } from './keyring-backup';
export { KEYRING_MANIFEST_FILE } from './keyring-manifest';
export { dataKeyContext, generateWrappedDataKey, KmsDataKeys, TOKENIZATION_KEY_PURPOSE, type WrappedDataKey } from './kms-data-keys';
export { LocalKeyring, localKeyId, TOKENIZATION_KEY_FILE } from './local-keyring';
export { maskDate, maskEmail, maskGeneric, maskName, maskPhone, type MaskGenericOptions } from './masking';
export { createRewrapStream, type RewrapResult } from './rewrap-stream';
export { TOKEN_HEX_LENGTH, TOKEN_PATTERN, TOKEN_PREFIX, Tokenizer, type TokenizationKeySource } from './tokenizer';
