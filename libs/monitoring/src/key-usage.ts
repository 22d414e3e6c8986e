import type { Readable } from 'node:stream';
import type { ObjectStore } from '@acad/storage';

/** The envelope format's marker (libs/crypto): `ACADENC1` | header length u32 BE | header JSON. */
const ENVELOPE_MAGIC = Buffer.from('ACADENC1', 'ascii');
const MAX_HEADER_BYTES = 64 * 1024;

export interface KeyUsage {
  /** Sealed objects per master key id that wrapped their data key (e.g. `local:v2`). */
  sealedObjectsByKey: Record<string, number>;
  sealedObjects: number;
  /** Objects whose header could not be read (not an envelope, or damaged). */
  unreadable: number;
}

/** Reads just the envelope header of an object: the key id, or undefined when it is not an envelope. */
export async function readEnvelopeKeyId(body: Readable): Promise<string | undefined> {
  let buffered = Buffer.alloc(0);
  try {
    for await (const chunk of body) {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      if (buffered.length < ENVELOPE_MAGIC.length + 4) continue;
      if (!buffered.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) return undefined;
      const length = buffered.readUInt32BE(ENVELOPE_MAGIC.length);
      if (length === 0 || length > MAX_HEADER_BYTES) return undefined;
      const end = ENVELOPE_MAGIC.length + 4 + length;
      if (buffered.length < end) continue;
      const header = JSON.parse(buffered.subarray(ENVELOPE_MAGIC.length + 4, end).toString('utf8')) as { keyId?: unknown };
      return typeof header.keyId === 'string' && header.keyId.length > 0 ? header.keyId : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    // Only the header is needed; stop reading the rest of the object.
    body.destroy();
  }
}

/** Counts sealed (`.enc`) objects per wrapping key id across the given stores. */
export async function collectKeyUsage(stores: Record<string, ObjectStore>): Promise<KeyUsage> {
  const usage: KeyUsage = { sealedObjectsByKey: {}, sealedObjects: 0, unreadable: 0 };
  for (const store of Object.values(stores)) {
    for await (const info of store.listAll('')) {
      if (!info.key.endsWith('.enc')) continue;
      const keyId = await readEnvelopeKeyId(await store.get(info.key));
      if (keyId === undefined) {
        usage.unreadable += 1;
        continue;
      }
      usage.sealedObjects += 1;
      usage.sealedObjectsByKey[keyId] = (usage.sealedObjectsByKey[keyId] ?? 0) + 1;
    }
  }
  return usage;
}
