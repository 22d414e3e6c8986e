import {
  FIELD_KEY_PURPOSE,
  InvalidLakeDataKey,
  generateWrappedDataKey,
  KmsDataKeys,
  TOKENIZATION_KEY_PURPOSE,
  type KeyProvider,
  type WrappedDataKey,
} from '@acad/crypto';
import type { ObjectStore } from '@acad/storage';

/** Where the platform zone keeps the KMS-wrapped field and tokenization keys (ACAD_KMS=aws). */
export const DATA_KEYS_PREFIX = '_keys/';

const PURPOSE_NAMES: Readonly<Record<string, string>> = {
  [FIELD_KEY_PURPOSE]: 'field',
  [TOKENIZATION_KEY_PURPOSE]: 'tokenization',
};

/** The object a stored data key lives in, e.g. `_keys/field-v1.json`. */
export function dataKeyObject(purpose: string, version: number): string {
  const name = PURPOSE_NAMES[purpose];
  if (!name) throw new RangeError(`No lake data key is kept for purpose ${purpose}`);
  return `${DATA_KEYS_PREFIX}${name}-v${version}.json`;
}

/** Every wrapped data key the lake holds, in key order. */
export async function readLakeDataKeys(platform: ObjectStore): Promise<WrappedDataKey[]> {
  const stored: WrappedDataKey[] = [];
  for await (const info of platform.listAll(DATA_KEYS_PREFIX)) {
    if (!info.key.endsWith('.json')) continue;
    stored.push(parseWrappedDataKey(`${platform.location}/${info.key}`, await platform.getBytes(info.key)));
  }
  return stored;
}

/** The lake's field and tokenization keys, unwrapped by KMS once (see `KmsDataKeys`). */
export async function openLakeDataKeys(platform: ObjectStore, kms: KeyProvider): Promise<KmsDataKeys> {
  return KmsDataKeys.unwrap(kms, await readLakeDataKeys(platform), `${platform.location}/${DATA_KEYS_PREFIX}`);
}

/**
 * Generates (KMS `GenerateDataKey`) and stores each of the tokenization key and field key v1 that
 * the lake lacks, put-if-absent: of two processes initializing at once one key wins, and both
 * then read the same one. Returns the objects written. Whether the lake may get new keys at all
 * (it holds no data) is for the caller to check.
 */
export async function createLakeDataKeys(platform: ObjectStore, kms: KeyProvider): Promise<string[]> {
  const written: string[] = [];
  for (const purpose of [TOKENIZATION_KEY_PURPOSE, FIELD_KEY_PURPOSE]) {
    const object = dataKeyObject(purpose, 1);
    if (await platform.head(object)) continue;
    const stored = await generateWrappedDataKey(kms, purpose, 1);
    if (await platform.putIfAbsent(object, `${JSON.stringify(stored)}\n`, { contentType: 'application/json' })) written.push(object);
  }
  return written;
}

function parseWrappedDataKey(where: string, bytes: Buffer): WrappedDataKey {
  let parsed: Partial<WrappedDataKey> | undefined;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Partial<WrappedDataKey>;
  } catch {
    parsed = undefined;
  }
  if (
    parsed?.format !== 1 ||
    typeof parsed.purpose !== 'string' ||
    !Number.isInteger(parsed.version) ||
    (parsed.version ?? 0) < 1 ||
    typeof parsed.keyId !== 'string' ||
    typeof parsed.wrapped !== 'string' ||
    parsed.wrapped.length === 0
  ) {
    throw new InvalidLakeDataKey(where);
  }
  return { format: 1, purpose: parsed.purpose, version: parsed.version as number, keyId: parsed.keyId, wrapped: parsed.wrapped };
}
