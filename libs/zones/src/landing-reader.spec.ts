import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { readAsLanding } from './landing-reader.test-support';
import { DatasetRejected } from './zone-errors';

const dir = mkdtempSync(join(tmpdir(), 'acad-landing-'));
let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function read(name: string, content: Buffer | string) {
  const { rows, ...read } = await readAsLanding(engine, dir, name, content);
  const kept = await rows(['student_id', 'status', 'minutes_late']);
  return { ...read, rows: kept, rejects: read.rejects.map(({ line, error_type }) => ({ line, error_type })) };
}

const header = 'Student_ID ,COURSE_CODE,section,session_date,status,minutes_late,notes';
const body = ['S0000001,CS101,A,2025-09-01,Présent,,"x, y"', 'S0000002,CS101,A,2025-09-01,late,5,"line\nbreak"'];

describe('readLandingFile', () => {
  it('reads UTF-8 CSV with a BOM and CRLF, matching headers case-insensitively after trimming', async () => {
    const { detected, rows, ignored } = await read('a.csv', `\uFEFF${[header, ...body].join('\r\n')}\r\n`);
    expect(detected).toEqual({ format: 'csv', encoding: 'utf-8' });
    expect(rows).toEqual([
      { student_id: 'S0000001', status: 'Présent', minutes_late: null, _record_number: 1 },
      { student_id: 'S0000002', status: 'late', minutes_late: '5', _record_number: 2 },
    ]);
    expect(ignored).toEqual(['notes']);
  });

  it('detects UTF-16 and Latin-1 and a semicolon delimiter', async () => {
    const text = [header, ...body].join('\n').replace(/,/g, ';').replace('"x; y"', '"x, y"') + '\n';
    const utf16 = await read('b.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(utf16.detected.encoding).toBe('utf-16');
    expect(utf16.rows.map((r) => r['status'])).toEqual(['Présent', 'late']);
    const latin1 = await read('c.csv', Buffer.from(text, 'latin1'));
    expect(latin1.detected.encoding).toBe('latin-1');
    expect(latin1.rows.map((r) => r['status'])).toEqual(['Présent', 'late']);
  });

  it('sends CSV records with the wrong number of fields to the rejects with the parser reason', async () => {
    const { rows, rejects } = await read(
      'd.csv',
      [header, ...body, 'S0000003,CS101', 'S0000004,CS101,A,2025-09-01,absent,,n,EXTRA'].join('\n') + '\n',
    );
    expect(rows).toHaveLength(2);
    expect(rejects.map((r) => r['error_type'])).toEqual(['MISSING COLUMNS', 'TOO MANY COLUMNS']);
  });

  it('reads NDJSON line by line: bad lines and non-objects are rejects, keys match in any case', async () => {
    const lines = [
      JSON.stringify({ Student_ID: 'S0000001', course_code: 'CS101', section: 'A', session_date: '2025-09-01', status: 'present' }),
      '{broken',
      '',
      '[1, 2]',
      JSON.stringify({
        student_id: 'S0000002',
        course_code: 'CS101',
        section: 'A',
        session_date: '2025-09-01',
        status: 'late',
        minutes_late: 7,
        extra: { a: 1 },
      }),
    ];
    const { detected, rows, rejects } = await read('e.ndjson', lines.join('\n') + '\n');
    expect(detected.format).toBe('ndjson');
    expect(rows).toEqual([
      { student_id: 'S0000001', status: 'present', minutes_late: null, _record_number: 1 },
      { student_id: 'S0000002', status: 'late', minutes_late: '7', _record_number: 5 },
    ]);
    // Record numbers are physical line numbers; the blank line 3 is not a record.
    expect(rejects).toEqual([
      { line: 2, error_type: 'INVALID JSON RECORD' },
      { line: 4, error_type: 'INVALID JSON RECORD' },
    ]);
  });

  it('reads a JSON array of records and rejects a file that is not one', async () => {
    const records = [{ student_id: 'S0000001', course_code: 'CS101', section: 'A', session_date: '2025-09-01', status: 'absent' }];
    expect((await read('f.json', JSON.stringify(records))).rows).toHaveLength(1);
    await expect(read('g.json', '{"student_id": "S1"')).rejects.toThrow(
      /g\.json was rejected for dataset attendance: not a JSON array of records/,
    );
  });

  it('rejects a file without a required column, naming file and column', async () => {
    const error = await read('h.csv', 'student_id,course_code,section,status\nS0000001,CS101,A,present\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetRejected);
    expect((error as Error).message).toBe('h.csv was rejected for dataset attendance: missing required column session_date');
  });
});
