import type { ObjectInfo } from './object-store';

/** Whether two `head` answers describe the same version of an object: size, time and (where known) ETag. */
export function sameVersion(a: ObjectInfo, b: ObjectInfo): boolean {
  return a.size === b.size && a.lastModified.getTime() === b.lastModified.getTime() && a.etag === b.etag;
}
