/**
 * Display masks for direct identifiers. They hide, they do not protect: a masked value is for
 * a screen, never a substitute for tokenization or encryption at rest. All work on code points,
 * so accented and non-Latin names mask cleanly.
 */

const MASK = '*';

/** 'ada@uni.edu' → 'a**@uni.edu'. Not an email → `maskGeneric`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return maskGeneric(email);
  return keepFirst(email.slice(0, at)) + email.slice(at);
}

/** 'Ada Lovelace' → 'A** L*******': the first letter of each part of the name. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/(\s+|-)/u)
    .map((part) => (/^(\s+|-)$/u.test(part) ? part : keepFirst(part)))
    .join('');
}

/** '+1 555-123-4567' → '+* ***-***-**67': every digit but the last two, layout kept. */
export function maskPhone(phone: string): string {
  const totalDigits = (phone.match(/\d/g) ?? []).length;
  let seen = 0;
  return phone.replace(/\d/g, (digit) => {
    seen += 1;
    return seen > totalDigits - 2 ? digit : MASK;
  });
}

/** '2004-05-17' (or a Date) → '2004': the year only. Unparseable → '****'. */
export function maskDate(date: string | Date): string {
  if (date instanceof Date) return Number.isNaN(date.getTime()) ? '****' : String(date.getUTCFullYear());
  const iso = /^\s*(\d{4})-\d{1,2}-\d{1,2}/.exec(date);
  if (iso) return iso[1];
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? '****' : String(parsed.getUTCFullYear());
}

export interface MaskGenericOptions {
  /** Leading characters left visible (default 1). */
  keepStart?: number;
  /** Trailing characters left visible (default 0). */
  keepEnd?: number;
}

/**
 * Masks all but `keepStart` leading and `keepEnd` trailing characters, never showing more
 * than a third of the value: 'S1234567' → 'S*******'; 'ab' → '**'.
 */
export function maskGeneric(value: string, options: MaskGenericOptions = {}): string {
  const chars = Array.from(value);
  const visible = Math.floor(chars.length / 3);
  const keepStart = Math.min(options.keepStart ?? 1, visible);
  const keepEnd = Math.min(options.keepEnd ?? 0, visible - keepStart);
  return chars.map((char, i) => (i < keepStart || i >= chars.length - keepEnd ? char : MASK)).join('');
}

function keepFirst(part: string): string {
  const chars = Array.from(part);
  return chars.length === 0 ? '' : chars[0] + MASK.repeat(chars.length - 1);
}
