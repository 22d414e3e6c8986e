import { maskDate, maskEmail, maskGeneric, maskName, maskPhone } from '@acad/crypto';
import type { PiiClass } from '@acad/schemas';

export type PiiKind = 'email' | 'phone' | 'name' | 'date_of_birth' | 'national_id' | 'identifier';

/** Share (0–1) of a column's non-empty values that look like each kind, measured in SQL. */
export interface PiiValueEvidence {
  readonly email: number;
  readonly phone: number;
  readonly name: number;
  readonly dateOfBirth: number;
  readonly nationalId: number;
  readonly encrypted: number;
  readonly tokenized: number;
  /** distinct ÷ non-empty values: names and contact details vary, codes repeat. */
  readonly distinctRatio: number;
}

export interface PiiFinding {
  readonly kind: PiiKind;
  /** 0–1: evidence from the column name, its values and the contract, combined. */
  readonly confidence: number;
  readonly evidence: readonly string[];
  /** How the platform already protects the values, when it does. */
  readonly protection: 'encrypted' | 'tokenized' | null;
  /** `PII`, or `PII (protected: encrypted)` / `PII (protected: tokenized)`. */
  readonly label: string;
}

/** Findings below this confidence are not reported. */
export const PII_REPORT_THRESHOLD = 0.5;

const NAME_HINTS: ReadonlyArray<[PiiKind, RegExp]> = [
  ['email', /e-?mail/i],
  ['phone', /phone|mobile|(^|_)tel(ephone)?($|_)/i],
  ['date_of_birth', /birth|(^|_)dob($|_)/i],
  ['national_id', /ssn|social_security|national_id|passport|tax_id|(^|_)nin($|_)/i],
  ['name', /^(first|last|given|family|middle|full|sur|student|applicant|person|legal)_?name$|^name$|^surname$/i],
  ['identifier', /(^|_)(student|person|applicant|employee|patient)_?id$/i],
];

/** The SQL (over `v`, the value as text) whose average share gives each kind's value evidence. */
export const PII_VALUE_PREDICATES = {
  email: `regexp_full_match(v, '[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}')`,
  // Dates are digits and dashes too; they are not phone numbers.
  phone: `regexp_full_match(v, '\\+?[0-9][0-9 ().-]{5,18}[0-9]') AND length(regexp_replace(v, '[^0-9]', '', 'g')) BETWEEN 7 AND 15 AND NOT regexp_full_match(v, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')`,
  // Capitalised words with the apostrophes and inner capitals of names: O'Brien, D'Andre, McDonald.
  name: `regexp_full_match(v, '[A-Z]''?[a-z]*[A-Z]?[a-z]+([ -][A-Z]''?[a-z]*[A-Z]?[a-z]+)*')`,
  dateOfBirth: `date_diff('year', TRY_CAST(v AS DATE), current_date) BETWEEN 14 AND 100`,
  nationalId: `regexp_full_match(v, '[0-9]{3}-[0-9]{2}-[0-9]{4}')`,
  encrypted: `starts_with(v, 'enc1:')`,
  tokenized: `regexp_full_match(v, 'tok_[0-9a-f]{32}')`,
} as const;

/**
 * Judges whether a column holds PII from three kinds of evidence: its name (first_name, email,
 * date_of_birth, ssn...), its values (shares matching e-mail, phone, capitalised-name, plausible
 * birth date and US SSN patterns) and the contract's PII class. Values the platform encrypted
 * or tokenized carry no pattern, but are themselves evidence that the column is PII.
 */
export function detectPii(column: string, values: PiiValueEvidence | null, contractClass?: PiiClass): PiiFinding | null {
  const scores = new Map<PiiKind, { confidence: number; evidence: string[] }>();
  const add = (kind: PiiKind, confidence: number, evidence: string): void => {
    const entry = scores.get(kind) ?? { confidence: 0, evidence: [] };
    entry.confidence = 1 - (1 - entry.confidence) * (1 - confidence);
    entry.evidence.push(evidence);
    scores.set(kind, entry);
  };
  for (const [kind, pattern] of NAME_HINTS) if (pattern.test(column)) add(kind, 0.6, `column name "${column}" suggests ${kind}`);
  const protection = values === null ? null : values.encrypted >= 0.9 ? 'encrypted' : values.tokenized >= 0.9 ? 'tokenized' : null;
  if (values && protection === null) {
    const share = (f: number): string => `${Math.round(f * 100)}% of values`;
    if (values.email >= 0.5) add('email', values.email * 0.9, `${share(values.email)} look like e-mail addresses`);
    if (values.nationalId >= 0.5)
      add('national_id', values.nationalId * 0.9, `${share(values.nationalId)} look like US social security numbers`);
    if (values.phone >= 0.5) add('phone', values.phone * 0.8, `${share(values.phone)} look like phone numbers`);
    if (values.name >= 0.5 && values.distinctRatio >= 0.2)
      add('name', values.name * 0.55, `${share(values.name)} look like personal names`);
    if (values.dateOfBirth >= 0.5)
      add('date_of_birth', values.dateOfBirth * 0.5, `${share(values.dateOfBirth)} are dates 14–100 years ago`);
  }
  const strongest = [...scores.entries()].sort((a, b) => b[1].confidence - a[1].confidence)[0];
  let kind: PiiKind | undefined = strongest?.[0];
  let confidence = strongest?.[1].confidence ?? 0;
  const evidence = [...(strongest?.[1].evidence ?? [])];
  if (protection) {
    kind ??= 'identifier';
    confidence = 1 - (1 - confidence) * 0.1;
    evidence.push(`values are ${protection} (the platform protects only PII)`);
  }
  if (contractClass === 'direct' || contractClass === 'identifier') {
    kind ??= contractClass === 'identifier' ? 'identifier' : 'name';
    confidence = 1 - (1 - confidence) * 0.1;
    evidence.push(`the contract classes it as ${contractClass} PII`);
  }
  if (kind === undefined || confidence < PII_REPORT_THRESHOLD) return null;
  return {
    kind,
    confidence: Math.round(confidence * 1000) / 1000,
    evidence,
    protection,
    label: protection ? `PII (protected: ${protection})` : 'PII',
  };
}

/** A display mask for a value of a PII column, by the kind detected. */
export function maskByKind(value: string, kind: PiiKind): string {
  switch (kind) {
    case 'email':
      return maskEmail(value);
    case 'phone':
      return maskPhone(value);
    case 'date_of_birth':
      return maskDate(value);
    case 'name':
      return maskName(value);
    default:
      return maskGeneric(value);
  }
}
