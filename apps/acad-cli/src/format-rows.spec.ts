import { formatRows } from './format-rows';

const csvCell = (value: string) => formatRows([{ value }], 'csv').split('\n')[1];

describe('formatRows', () => {
  const rows = [
    { course: 'CS101', n: 3, rate: 0.5 },
    { course: 'MA, "B"', n: 12n, rate: null },
  ];

  it('writes RFC 4180 CSV with a header', () => {
    expect(formatRows(rows, 'csv')).toBe('course,n,rate\nCS101,3,0.5\n"MA, ""B""",12,');
  });

  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(formatRows([{ n: -2 }], 'csv')).toBe('n\n-2');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('prints bigint values in JSON as strings', () => {
    expect(JSON.parse(formatRows(rows, 'json'))[1]).toEqual({ course: 'MA, "B"', n: '12', rate: null });
  });

  it('draws a table with a row count, and says when there are no rows', () => {
    const table = formatRows(rows, 'table').split('\n');
    expect(table[0]).toMatch(/^course\s+│ n\s+│ rate/);
    expect(table.at(-1)).toBe('(2 rows)');
    expect(formatRows([], 'table')).toBe('(no rows)');
  });
});
