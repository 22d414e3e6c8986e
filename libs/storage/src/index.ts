export type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, RefusedEntry } from './object-store';
export { InvalidObjectKey, ObjectKeyConflict, ObjectNotFound, ObjectPathRefused } from './storage-errors';
export { assertValidListPrefix, assertValidObjectKey, compareObjectKeys } from './object-key';
export { LocalFsObjectStore } from './local-fs-object-store';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store';
export { createS3Client, type S3ClientSettings } from './create-s3-client';
