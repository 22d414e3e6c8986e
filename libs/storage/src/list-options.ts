import type { ListOptions } from './object-store';

export const DEFAULT_MAX_KEYS = 1000;

/** The page size a `list` call asked for: a whole number from 1 to 1000 (S3's ceiling). */
export function resolveMaxKeys(options: ListOptions | undefined): number {
  const maxKeys = options?.maxKeys ?? DEFAULT_MAX_KEYS;
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > DEFAULT_MAX_KEYS) {
    throw new RangeError(`maxKeys must be a whole number from 1 to ${DEFAULT_MAX_KEYS}, got ${maxKeys}`);
  }
  return maxKeys;
}
