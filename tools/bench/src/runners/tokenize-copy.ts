import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalKeyring, Tokenizer } from '@acad/crypto';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { runAsRunner } from './runner-protocol';

interface Input {
  csv: string;
  output: string;
  /** With tokens: student_id is replaced by its token; without: the plain COPY. */
  tokenize: boolean;
  /** ACAD_HOME of the local keyring. */
  home: string;
  /** Scratch file for the value → token table. */
  tokensCsv: string;
}

/**
 * Tokenization the way the platform means to do it: HMAC once per DISTINCT student_id in
 * Node, then a SQL join writes the Parquet. Without `tokenize` it is the bare CSV → Parquet COPY.
 */
runAsRunner<Input, object>(async ({ csv, output, tokenize, home, tokensCsv }) => {
  const engine = await DuckDbEngine.open({ mode: 'pipeline' });
  const source = `read_csv(${sqlString(csv)})`;
  const phases: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await work();
    phases[name] = performance.now() - at;
    return result;
  };
  try {
    const started = performance.now();
    if (!tokenize) {
      const rows = await time('copy', () => engine.writeParquet(`SELECT * FROM ${source}`, output));
      return { ms: performance.now() - started, rows, phases };
    }
    // Keys are made explicitly on the bench's fresh home (its first run), then opened.
    const tokenizer = Tokenizer.fromKeySource(existsSync(join(home, 'keys')) ? LocalKeyring.open(home) : LocalKeyring.create(home));
    const distinct = await time('distinct', () => engine.query<{ v: string }>(`SELECT DISTINCT student_id::VARCHAR AS v FROM ${source}`));
    await time('tokenize', async () => {
      const out = createWriteStream(tokensCsv);
      out.write('value,token\n');
      // Student ids match ^S\d{7}$ and tokens are hex: no quoting needed.
      for (const { v } of distinct) if (!out.write(`${v},${tokenizer.token(v)}\n`)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    });
    const rows = await time('join-copy', async () => {
      await engine.run(
        `CREATE TABLE tokens AS SELECT * FROM read_csv(${sqlString(tokensCsv)}, header = true, columns = {'value': 'VARCHAR', 'token': 'VARCHAR'})`,
      );
      return engine.writeParquet(
        `SELECT a.* REPLACE (t.token AS student_id) FROM ${source} a JOIN tokens t ON a.student_id = t.value`,
        output,
      );
    });
    return { ms: performance.now() - started, rows, distinct: distinct.length, phases };
  } finally {
    await engine.close();
  }
});
