import { createRewrapStream, type KeyRewrapper } from '@acad/crypto';
import type { ZoneStores } from './zone';

/** Zones whose objects are envelope-encrypted at rest. */
export const SEALED_ZONES = ['raw', 'quarantine', 'rejected'] as const;

export interface RewrapReport {
  objects: number;
  /** Old key id → how many objects were wrapped under it. */
  from: Record<string, number>;
  to: string | null;
}

/**
 * Re-wraps the data key of every sealed object under the newest master key version, without
 * touching the encrypted data (only each object's header changes).
 */
export async function rewrapSealedObjects(
  stores: ZoneStores,
  rewrapper: KeyRewrapper,
  onObject?: (key: string) => void,
): Promise<RewrapReport> {
  const report: RewrapReport = { objects: 0, from: {}, to: null };
  for (const zone of SEALED_ZONES) {
    const store = stores[zone];
    const keys: string[] = [];
    for await (const info of store.listAll('')) if (info.key.endsWith('.enc')) keys.push(info.key);
    for (const key of keys) {
      const rewrap = createRewrapStream(rewrapper, ({ from, to }) => {
        report.from[from] = (report.from[from] ?? 0) + 1;
        report.to = to;
      });
      await store.put(key, (await store.get(key)).pipe(rewrap), {
        contentType: 'application/octet-stream',
        metadata: { encryption: 'acad-envelope-v1' },
      });
      report.objects += 1;
      onObject?.(`${zone}/${key}`);
    }
  }
  return report;
}
