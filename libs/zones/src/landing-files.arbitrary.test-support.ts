import fc from 'fast-check';
import { AttendanceContract } from '@acad/schemas';

/** A generated landing file: its name (the extension picks the format) and bytes. */
export interface GeneratedFile {
  name: string;
  bytes: Buffer;
}

const COLUMNS = AttendanceContract.columns.map((c) => c.name);
const REQUIRED = AttendanceContract.columns.filter((c) => c.required).map((c) => c.name);
const OPTIONAL = COLUMNS.filter((c) => !REQUIRED.includes(c));

// A good value per column, so that many generated records pass the contract.
const GOOD: Record<string, fc.Arbitrary<string>> = {
  student_id: fc.integer({ min: 0, max: 9_999_999 }).map((n) => `S${String(n).padStart(7, '0')}`),
  course_code: fc.constantFrom('CS101', 'MATH2001', 'BIO110'),
  section: fc.constantFrom('A', 'B', '01'),
  session_date: fc.integer({ min: 1, max: 28 }).map((d) => `2025-09-${String(d).padStart(2, '0')}`),
  status: fc.constantFrom('present', 'absent', 'Excused'),
  minutes_late: fc.constantFrom('', '0'),
  recorded_at: fc.constantFrom('', '2025-09-01T10:00:00Z'),
  source_system: fc.constantFrom('lms', 'sis, v2', ''),
};

// Cells that probe the contract and the parser: good values, near misses, the dialect's own
// characters, line breaks, accents, and the odd control character.
const cell = fc.oneof(
  fc.constantFrom('S0000001', 'S1234567', 'CS101', 'MATH2001', 'A', 'B1', '2025-09-01', '2025-02-30', 'present', 'LATE', 'absent'),
  fc.constantFrom('excused', '5', '300', '-1', '', ' ', '2025-09-01T10:00:00Z', 'lms', 'Présent', 'x,y', 'a;b', "o'brien", 'say "hi"'),
  fc.constantFrom('line\nbreak', 'tab\there', 'pipe|bar', 'NUL\u0000byte', 'ÿ', '\u2603', 'S123', '2025-13-01'),
  fc.string({ maxLength: 8 }),
);

const dialect = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|', ' ', ', '),
  quote: fc.constantFrom('"', "'"),
  // Each line picks its own ending from these: one choice is a clean file, several a mix.
  endings: fc.subarray(['\n', '\r\n', '\r'], { minLength: 1 }),
});

type Dialect = { delimiter: string; quote: string; endings: string[] };

function quoteCell(value: string, d: Dialect, always: boolean): string {
  const needs = always || value.includes(d.delimiter.trim() || d.delimiter) || /[\r\n"']/.test(value) || value !== value.trim();
  return needs ? `${d.quote}${value.split(d.quote).join(d.quote + d.quote)}${d.quote}` : value;
}

/** A CSV file built like an export, then damaged: preamble, header, records, second table, truncation, stray bytes. */
const csvText = fc
  .record({
    d: dialect,
    header: fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .shuffledSubarray(OPTIONAL)
          .chain((optional) => fc.shuffledSubarray([...REQUIRED, ...optional], { minLength: REQUIRED.length + optional.length })),
      },
      { weight: 2, arbitrary: fc.constant(COLUMNS) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    caseMix: fc.boolean(),
    quoteAll: fc.boolean(),
    preamble: fc.array(fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })), { maxLength: 3 }),
    rows: fc.array(
      fc.oneof({ weight: 3, arbitrary: fc.record(GOOD) }, { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: 10 }) }),
      { maxLength: 8 },
    ),
    secondTable: fc.option(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    endPicks: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  })
  .map(({ d, header, caseMix, quoteAll, preamble, rows, secondTable, endPicks }) => {
    const width = header?.length ?? COLUMNS.length;
    const lines = [...preamble];
    if (header) lines.push(header.map((h) => quoteCell(caseMix ? h.toUpperCase() : h, d, quoteAll)).join(d.delimiter));
    // Most records have the header's width; some do not.
    for (const row of rows) {
      const cells = Array.isArray(row)
        ? row.length >= width - 1 && row.length <= width + 1
          ? row
          : [...row, ...Array(Math.max(0, width - row.length)).fill('')]
        : (header ?? COLUMNS).map((c) => row[c]);
      lines.push(cells.map((c) => quoteCell(c, d, quoteAll)).join(d.delimiter));
    }
    if (secondTable) lines.push('', ...secondTable.map((r) => r.map((c) => quoteCell(c, d, false)).join(d.delimiter)));
    return lines.map((line, i) => line + d.endings[endPicks[i % endPicks.length] % d.endings.length]).join('');
  });

const ndjsonText = fc
  .array(
    fc.oneof(
      fc.record({ student_id: cell, course_code: cell, section: cell, session_date: cell, status: cell }).map((r) => JSON.stringify(r)),
      fc.string({ maxLength: 20 }),
      fc.constant(''),
    ),
    { maxLength: 6 },
  )
  .chain((lines) => fc.constantFrom('\n', '\r\n').map((end) => lines.join(end)));

/** Text to bytes in one of the encodings senders use (a character Latin-1 lacks becomes `?`). */
function encode(text: string, encoding: 'utf-8' | 'latin-1' | 'utf-16le', bom: boolean): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const body =
    encoding === 'latin-1'
      ? Buffer.from([...text].map((c) => ((c.codePointAt(0) ?? 0) > 0xff ? '?' : c)).join(''), 'latin1')
      : Buffer.from(text, 'utf8');
  return bom && encoding === 'utf-8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** Damage: bytes put in at random places (NUL, invalid UTF-8, quotes, line ends), and a truncation. */
const damage = fc.record({
  inserts: fc.oneof(
    { weight: 2, arbitrary: fc.constant<Array<{ at: number; byte: number }>>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.record({
          at: fc.double({ min: 0.05, max: 1, noNaN: true }),
          byte: fc.constantFrom(0x00, 0xff, 0xc3, 0x22, 0x27, 0x0a, 0x0d, 0x2c),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
  truncateAt: fc.option(fc.double({ min: 0.2, max: 1, noNaN: true }), { nil: undefined, freq: 3 }),
});

function damaged(bytes: Buffer, d: { inserts: ReadonlyArray<{ at: number; byte: number }>; truncateAt?: number }): Buffer {
  let out = bytes;
  for (const { at, byte } of d.inserts) {
    const i = Math.floor(at * out.length);
    out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i)]);
  }
  return d.truncateAt === undefined ? out : out.subarray(0, Math.floor(d.truncateAt * out.length));
}

/** Landing files as they arrive in practice and in error: CSV in any dialect, NDJSON, JSON, random bytes. */
export const landingFile: fc.Arbitrary<GeneratedFile> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        text: csvText,
        encoding: fc.constantFrom('utf-8', 'utf-8', 'utf-8', 'utf-8', 'latin-1', 'utf-16le'),
        bom: fc.boolean(),
        damage,
      })
      .map(({ text, encoding, bom, damage: d }) => ({ name: 'export.csv', bytes: damaged(encode(text, encoding, bom), d) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ text: ndjsonText, damage })
      .map(({ text, damage: d }) => ({ name: 'export.ndjson', bytes: damaged(Buffer.from(text, 'utf8'), d) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ text: ndjsonText, damage })
      .map(({ text, damage: d }) => ({ name: 'export.json', bytes: damaged(Buffer.from(`[${text.split(/\r?\n/).join(',')}]`), d) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ bytes: fc.uint8Array({ maxLength: 300 }), name: fc.constantFrom('noise.csv', 'noise.ndjson', 'noise.json') })
      .map(({ bytes, name }) => ({ name, bytes: Buffer.from(bytes) })),
  },
);
