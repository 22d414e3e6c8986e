import type { ObjectInfo, ObjectStore } from './object-store';

/** Follows `list` pages until the store reports no more; adapters share this for `listAll`. */
export async function* listAllPages(store: Pick<ObjectStore, 'list'>, prefix: string): AsyncGenerator<ObjectInfo> {
  let continuationToken: string | undefined;
  do {
    const page = await store.list(prefix, { continuationToken });
    yield* page.objects;
    continuationToken = page.nextToken;
  } while (continuationToken !== undefined);
}
