import { namedRelations, singleReadStatement, SqlNotAllowed } from './sql-statement';

describe('singleReadStatement', () => {
  it('accepts one SELECT or WITH, after comments, with a trailing semicolon', () => {
    expect(singleReadStatement('  -- hi\n/* x */ select 1;  ')).toBe('select 1');
    expect(singleReadStatement('WITH a AS (SELECT 1) SELECT * FROM a')).toBe('WITH a AS (SELECT 1) SELECT * FROM a');
    expect(singleReadStatement("select ';' as s, 'it''s -- no comment' as t")).toBe("select ';' as s, 'it''s -- no comment' as t");
    expect(singleReadStatement('select $$;drop$$ as d')).toBe('select $$;drop$$ as d');
  });

  it.each([
    ['several statements', 'select 1; select 2'],
    ['several statements', 'select 1; drop table trusted.attendance'],
    ['must start with SELECT or WITH', 'drop table trusted.attendance'],
    ['must start with SELECT or WITH', "COPY (select 1) TO '/tmp/x.csv'"],
    ['must start with SELECT or WITH', "ATTACH '/tmp/x.db'"],
    ['must start with SELECT or WITH', 'PRAGMA version'],
    ['must start with SELECT or WITH', 'SET enable_external_access = true'],
    ['must start with SELECT or WITH', 'INSTALL httpfs'],
    ['must start with SELECT or WITH', '/* select */ insert into x values (1)'],
    ['must start with SELECT or WITH', 'FROM trusted.attendance'],
    ['unterminated', "select 'abc"],
    ['unterminated comment', 'select 1 /* '],
  ])('refuses %s: %s', (reason, sql) => {
    expect(() => singleReadStatement(sql)).toThrow(SqlNotAllowed);
    expect(() => singleReadStatement(sql)).toThrow(reason);
  });

  it('names the relations a statement reads', () => {
    expect(namedRelations('select * from trusted.attendance a join CURATED . "attendance_weekly" w on true')).toEqual([
      'curated.attendance_weekly',
      'trusted.attendance',
    ]);
  });
});
