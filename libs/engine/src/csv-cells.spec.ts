import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { formulaSafe, formulaSafeCsvOptions } from './csv-cells';

const csv = (columns: string[], rows: Record<string, unknown>[], options?: Parameters<typeof formulaSafeCsvOptions>[1]) =>
  stringify(rows, formulaSafeCsvOptions(columns, options));

describe('formula-safe CSV', () => {
  it('escapes every text a spreadsheet would run as a formula, and nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\0']) expect(formulaSafe(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(formulaSafe('plain')).toBe('plain');
    expect(formulaSafe("'quoted")).toBe("'quoted");
  });

  it('quotes per RFC 4180 after escaping, writes typed values plainly and null as empty', () => {
    expect(csv(['a', 'b'], [{ a: '=HYPERLINK("x")', b: 'a,b' }])).toBe(`a,b\r\n"'=HYPERLINK(""x"")","a,b"\r\n`);
    expect(
      csv(['n', 'neg', 'big', 'ok', 'none', 'obj'], [{ n: 12, neg: -2, big: 2n ** 70n, ok: true, none: null, obj: { k: '=1' } }]),
    ).toBe(`n,neg,big,ok,none,obj\r\n12,-2,1180591620717411303424,true,,"{""k"":""=1""}"\r\n`);
  });

  it('starts with a byte order mark only when asked, and uses the line ending asked for', () => {
    expect(csv(['a'], [{ a: '@x' }], { bom: true })).toBe("\uFEFFa\r\n'@x\r\n");
    expect(csv(['a'], [{ a: 'x' }], { recordDelimiter: 'unix' })).toBe('a\nx\n');
  });

  it('round-trips through csv-parse, the escape being the only change', () => {
    const rows = [{ text: 'line one\nline "two"', formula: '-cmd|x', count: 3 }];
    const parsed = parse(csv(['text', 'formula', 'count'], rows), { columns: true, bom: true }) as Record<string, string>[];
    expect(parsed).toEqual([{ text: 'line one\nline "two"', formula: "'-cmd|x", count: '3' }]);
  });
});
