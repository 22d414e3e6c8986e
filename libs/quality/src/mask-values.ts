import { FIELD_PREFIX, TOKEN_PATTERN, maskDate, maskEmail, maskGeneric, maskName, maskPhone } from '@acad/crypto';
import type { DatasetContract } from '@acad/schemas';
import type { Row } from '@acad/engine';

/** Text shown instead of a field-encrypted value: its ciphertext means nothing to a reader. */
export const ENCRYPTED_PLACEHOLDER = '[encrypted]';

/**
 * Masks one value of a column by the column's PII class (from the contract): direct identifiers
 * by kind (e-mail, phone, birth date, name), other PII generically. Ciphertext becomes
 * `[encrypted]`; identifier tokens (`tok_...`) stay, being pseudonyms already.
 */
export function maskValue(value: unknown, column: { name: string; pii: string; format?: string; type?: string }): unknown {
  if (value === null || value === undefined || column.pii === 'none') return value;
  const text = String(value);
  if (text.startsWith(FIELD_PREFIX)) return ENCRYPTED_PLACEHOLDER;
  if (column.pii === 'identifier' && TOKEN_PATTERN.test(text)) return text;
  if (column.pii === 'direct') {
    if (column.format === 'email' || /e-?mail/i.test(column.name)) return maskEmail(text);
    if (/phone|mobile/i.test(column.name)) return maskPhone(text);
    if (column.type === 'date' || /birth|dob/i.test(column.name)) return maskDate(text);
    if (/name/i.test(column.name)) return maskName(text);
  }
  return maskGeneric(text);
}

/** A row with every PII column masked; columns the contract does not name are left as they are. */
export function maskRow(row: Row, contract: DatasetContract): Row {
  const byName = new Map(contract.columns.map((c) => [c.name, c]));
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => {
      const spec = byName.get(name);
      return [name, spec ? maskValue(value, spec) : value];
    }),
  );
}
