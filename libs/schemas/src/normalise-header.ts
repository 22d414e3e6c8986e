/** Header names match case-insensitively after trimming (PRODUCT.md §4). */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
}
