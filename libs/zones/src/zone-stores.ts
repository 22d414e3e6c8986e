import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { LocalFsObjectStore, S3ObjectStore, type ObjectStore } from '@acad/storage';
import { DATA_ZONES, type ZoneStores } from './zone';

/** Bucket of a zone on S3: `<ACAD_S3_BUCKET_PREFIX>-<zone>`. */
export function zoneBucketName(prefix: string, zone: string): string {
  return `${prefix}-${zone}`;
}

/** Where the zones live, as an app's composition root chose it. */
export interface ZoneStoreLocation {
  /** ACAD_HOME: the zones are folders under `<home>/zones` and the platform zone `<home>/platform` unless `s3` is given. */
  home: string;
  /** One bucket per zone, `<bucketPrefix>-<zone>`, through an S3 client the root built; objects SSE-KMS under `kmsKeyId` when given. */
  s3?: { client: S3Client; bucketPrefix: string; kmsKeyId?: string };
}

/** The stores of every zone where the composition root placed them. The only place that chooses a storage adapter. */
export function createZoneStores(location: ZoneStoreLocation): ZoneStores {
  const zones = [...DATA_ZONES, 'platform'] as const;
  const { s3 } = location;
  const storeFor = (zone: (typeof zones)[number]): ObjectStore =>
    s3
      ? new S3ObjectStore({ client: s3.client, bucket: zoneBucketName(s3.bucketPrefix, zone), kmsKeyId: s3.kmsKeyId })
      : new LocalFsObjectStore(join(location.home, zone === 'platform' ? 'platform' : join('zones', zone)));
  const stores = {} as ZoneStores;
  for (const zone of zones) stores[zone] = storeFor(zone);
  return stores;
}
