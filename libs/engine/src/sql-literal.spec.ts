import fc from 'fast-check';
import { DuckDbEngine } from './duck-db-engine';
import { EngineError } from './engine-error';
import { parseQualifiedName, sqlIdentifier, sqlQualifiedName, sqlString } from './sql-literal';

const noNul = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 40 }).filter((s) => !s.includes('\u0000'));

describe('sqlString', () => {
  it('doubles single quotes and leaves backslashes alone', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString('C:\\data\\x.parquet')).toBe("'C:\\data\\x.parquet'");
    expect(sqlString('')).toBe("''");
  });

  it('refuses NUL characters', () => {
    expect(() => sqlString('a\u0000b')).toThrow(EngineError);
  });
});

describe('sqlIdentifier', () => {
  it('doubles double quotes and keeps dots inside the identifier', () => {
    expect(sqlIdentifier('my "col"')).toBe('"my ""col"""');
    expect(sqlIdentifier('a.b')).toBe('"a.b"');
  });

  it('refuses empty identifiers and NUL characters', () => {
    expect(() => sqlIdentifier('')).toThrow(EngineError);
    expect(() => sqlIdentifier('a\u0000')).toThrow(EngineError);
  });
});

describe('qualified names', () => {
  it('splits schema.name and quotes both parts', () => {
    expect(parseQualifiedName('trusted.attendance')).toEqual({ schema: 'trusted', name: 'attendance' });
    expect(parseQualifiedName('attendance')).toEqual({ name: 'attendance' });
    expect(sqlQualifiedName('trusted.attendance')).toBe('"trusted"."attendance"');
    expect(sqlQualifiedName('Weird"Name')).toBe('"Weird""Name"');
  });

  it('refuses empty parts and more than one dot', () => {
    for (const bad of ['', '.x', 'x.', 'a.b.c']) {
      expect(() => parseQualifiedName(bad)).toThrow(/is not a name of the form/);
    }
  });
});

describe('quoting round-trips through DuckDB', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
  });
  afterAll(() => engine.close());

  it('reads back any string literal unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(noNul, async (text) => {
        const [row] = await engine.query(`SELECT ${sqlString(text)} AS s`);
        expect(row['s']).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('names a column with any identifier unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        noNul.filter((s) => s.length > 0),
        async (name) => {
          const rows = await engine.query(`SELECT 1 AS ${sqlIdentifier(name)}`);
          expect(Object.keys(rows[0])).toEqual([name]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps an injection attempt inside the literal', async () => {
    const rows = await engine.query(`SELECT ${sqlString("x'; DROP SCHEMA main; --")} AS s`);
    expect(rows).toEqual([{ s: "x'; DROP SCHEMA main; --" }]);
  });
});
