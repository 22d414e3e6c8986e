import { join } from 'node:path';
import type { Settings } from '@acad/config';
import { LocalFsObjectStore, S3ObjectStore, createS3Client, type ObjectStore } from '@acad/storage';
import { DATA_ZONES, type ZoneStores } from './zone';

/** Bucket of a zone on S3: `<ACAD_S3_BUCKET_PREFIX>-<zone>`. */
export function zoneBucketName(prefix: string, zone: string): string {
  return `${prefix}-${zone}`;
}

/**
 * The stores of every zone as configured: folders under ACAD_HOME/zones (local) or one
 * bucket per zone (s3). The only place that chooses a storage adapter.
 */
export function createZoneStores(settings: Settings): ZoneStores {
  const zones = [...DATA_ZONES, 'platform'] as const;
  const client = settings.storage === 's3' ? createS3Client({ region: settings.region, endpoint: settings.s3Endpoint }) : undefined;
  const storeFor = (zone: (typeof zones)[number]): ObjectStore =>
    client
      ? new S3ObjectStore({
          client,
          bucket: zoneBucketName(settings.s3BucketPrefix, zone),
          kmsKeyId: settings.kms === 'aws' ? settings.kmsKeyId : undefined,
        })
      : new LocalFsObjectStore(join(settings.home, zone === 'platform' ? 'platform' : join('zones', zone)));
  const stores = {} as ZoneStores;
  for (const zone of zones) stores[zone] = storeFor(zone);
  return stores;
}
