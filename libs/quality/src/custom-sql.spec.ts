import { bindPrimaryAlias } from './custom-sql';

describe('bindPrimaryAlias', () => {
  const relation = '"trusted"."attendance"';

  it('adds a "primary" CTE and quotes the bare word primary', () => {
    expect(bindPrimaryAlias('select count(*) from primary;', relation)).toBe(
      'WITH "primary" AS (SELECT * FROM "trusted"."attendance") select count(*) from "primary"',
    );
    expect(bindPrimaryAlias('SELECT avg(PRIMARY.minutes) FROM Primary', relation)).toContain(
      'SELECT avg("primary".minutes) FROM "primary"',
    );
  });

  it('leaves strings, quoted identifiers, comments and qualified names alone', () => {
    const sql = `select 'primary', "primary_key", t.primary from primary -- primary\n/* primary */`;
    expect(bindPrimaryAlias(sql, relation)).toBe(
      `WITH "primary" AS (SELECT * FROM "trusted"."attendance") select 'primary', "primary_key", t.primary from "primary" -- primary\n/* primary */`,
    );
  });

  it('merges with a statement that has its own WITH clause', () => {
    expect(bindPrimaryAlias('WITH late AS (SELECT * FROM primary) SELECT count(*) FROM late', relation)).toBe(
      'WITH "primary" AS (SELECT * FROM "trusted"."attendance"), late AS (SELECT * FROM "primary") SELECT count(*) FROM late',
    );
  });
});
