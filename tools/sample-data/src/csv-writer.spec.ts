import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { renderCsv, type CsvDialect } from './csv-writer';

const formatCsvField = (value: string, dialect: CsvDialect) => renderCsv([value], [], dialect).slice(0, -dialect.lineEnding.length);
const formatCsvRow = (fields: string[], dialect: CsvDialect) => renderCsv(fields, [], dialect);

const comma: CsvDialect = { delimiter: ',', lineEnding: '\n', bom: false, quoteAll: false };

describe('csv-writer', () => {
  it('quotes only fields that need it and doubles quotes (RFC 4180)', () => {
    expect(formatCsvField('plain', comma)).toBe('plain');
    expect(formatCsvField(' padded ', comma)).toBe(' padded ');
    expect(formatCsvField("O'Brien, Jr.", comma)).toBe('"O\'Brien, Jr."');
    expect(formatCsvField('say "hi"', comma)).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines', comma)).toBe('"two\nlines"');
    expect(formatCsvField('a;b', comma)).toBe('a;b');
    expect(formatCsvField('a;b', { ...comma, delimiter: ';' })).toBe('"a;b"');
  });

  it('quotes everything, empty fields included, when the dialect says so', () => {
    expect(formatCsvRow(['a', '', 'c'], { ...comma, quoteAll: true })).toBe('"a","","c"\n');
  });

  it('writes a BOM and CRLF line endings when asked', () => {
    const text = renderCsv(['id', 'name'], [['1', 'Zoë']], { ...comma, lineEnding: '\r\n', bom: true });
    expect(text).toBe('\uFEFFid,name\r\n1,Zoë\r\n');
  });

  it('round-trips any table through csv-parse in every dialect', () => {
    const dialect = fc.record({
      delimiter: fc.constantFrom<CsvDialect['delimiter']>(',', ';', '\t'),
      lineEnding: fc.constantFrom<CsvDialect['lineEnding']>('\n', '\r\n'),
      bom: fc.boolean(),
      quoteAll: fc.boolean(),
    });
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r', '\t', "'", 'ễ') });
    fc.assert(
      fc.property(
        dialect,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
        (d, width, table) => {
          const rows = table.map((row) => row.slice(0, width));
          const header = ['h1', 'h2', 'h3', 'h4'].slice(0, width);
          // A lone empty cell on a line is indistinguishable from an empty line unless quoted.
          fc.pre(width > 1 || d.quoteAll || rows.every((row) => row[0] !== ''));
          const parsed = parse(renderCsv(header, rows, d), { bom: true, delimiter: d.delimiter, relax_column_count: false }) as string[][];
          expect(parsed).toEqual([header, ...rows]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
