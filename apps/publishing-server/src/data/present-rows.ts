import type { ColumnVisibility } from '@acad/access';
import { FIELD_PREFIX, maskDate, maskEmail, maskGeneric, maskName, maskPhone, type FieldCipher } from '@acad/crypto';
import type { Row } from '@acad/engine';

function maskFor(column: string): (value: string) => string {
  if (/email/.test(column)) return maskEmail;
  if (/name/.test(column)) return maskName;
  if (/phone/.test(column)) return maskPhone;
  if (/date|birth/.test(column)) return maskDate;
  return (value) => maskGeneric(value);
}

/**
 * Rows as a role may see them: field-encrypted values decrypted for `show` (only the registrar's
 * policy shows direct identifiers), decrypted then masked for `mask` (admin's direct identifiers).
 * Removed columns were never selected.
 * Each encrypted value is bound to its row's key, selected as the `rowKey` columns, which are dropped here.
 */
export function presentRows(
  rows: Row[],
  columns: ColumnVisibility[],
  dataset: string,
  cipher: FieldCipher | undefined,
  rowKey: readonly string[] = [],
): Row[] {
  const work = columns.filter((c) => c.treatment === 'mask' || c.pii === 'direct');
  if (work.length === 0 && rowKey.length === 0) return rows;
  return rows.map((row) => {
    const key = rowKey.map((name) => String(row[name]));
    const plain = (column: string, value: string) =>
      value.startsWith(FIELD_PREFIX) ? (cipher ? cipher.decrypt(value, { dataset, column, rowKey: key }) : null) : value;
    const out: Row = { ...row };
    for (const name of rowKey) delete out[name];
    for (const c of work) {
      const value = row[c.name];
      if (value === null || value === undefined) continue;
      const text = plain(c.name, String(value));
      out[c.name] = c.treatment === 'mask' ? (text === null ? '****' : maskFor(c.name)(text)) : text;
    }
    return out;
  });
}
