import { DuckDbEngine } from '@acad/engine';
import { errorPosition } from './error-position';

// DuckDB's own messages, from a real connection: the position must land on the offending word.
async function messageOf(sql: string): Promise<string> {
  const engine = await DuckDbEngine.open({ mode: 'pipeline' });
  try {
    await engine.run('CREATE TABLE t (a INTEGER)');
    await engine.query(sql);
    throw new Error('the statement was accepted');
  } catch (error) {
    return (error as Error).message;
  } finally {
    await engine.close();
  }
}

const at = (sql: string, line: number, column: number) => sql.split('\n')[line - 1].slice(column - 1);

describe('errorPosition', () => {
  it('finds a binder error on a later line', async () => {
    const sql = 'select\n  a,\n  missing_column\nfrom t';
    const position = errorPosition(sql, await messageOf(sql));
    expect(position).toEqual({ line: 3, column: 3 });
    expect(at(sql, 3, 3)).toMatch(/^missing_column/);
  });

  it('finds a syntax error', async () => {
    const sql = 'select *\nFORM t';
    const position = errorPosition(sql, await messageOf(sql));
    expect(position?.line).toBe(2);
    expect(at(sql, 2, position?.column as number)).toBe('t');
  });

  it('finds the spot in a long line that DuckDB shows only a window of', async () => {
    const columns = Array.from({ length: 40 }, (_, i) => `a AS c${i}`).join(', ');
    const sql = `select ${columns}, zz, ${columns.replace(/c(\d)/g, 'd$1')} from t`;
    const position = errorPosition(sql, await messageOf(sql));
    expect(position).toEqual({ line: 1, column: sql.indexOf(', zz,') + 3 });
  });

  it('says nothing when the message has no position', () => {
    expect(errorPosition('select 1', 'Query failed: out of memory')).toBeUndefined();
  });
});
