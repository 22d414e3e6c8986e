import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatformLogger, platformLogFile } from './platform-logger';

describe('createPlatformLogger', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'acad-log-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('appends JSON lines with the app name and one run id to <home>/logs/<name>.log, in a 0700 folder', () => {
    const logger = createPlatformLogger({ home, logLevel: 'info' }, 'some-app', { runId: 'run-1' });
    logger.info({ batch: 'b1' }, 'first');
    logger.debug('below the level');
    createPlatformLogger({ home, logLevel: 'info' }, 'some-app').warn('second run');
    const file = platformLogFile(home, 'some-app');
    expect(file).toBe(join(home, 'logs', 'some-app.log'));
    expect(statSync(join(home, 'logs')).mode & 0o777).toBe(0o700);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ name: 'some-app', runId: 'run-1', level: 30, batch: 'b1', msg: 'first' });
    expect(lines[1].runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]).not.toHaveProperty('hostname');
  });

  it('writes to a given destination with the given serializers, and nothing at level silent', () => {
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const logger = createPlatformLogger({ home, logLevel: 'info' }, 'server', {
      destination,
      serializers: { req: (req: { url: string }) => ({ path: req.url.split('?')[0] }) },
    });
    logger.info({ req: { url: '/api/rows?filter.student_id=S1234567' } }, 'request');
    expect(JSON.parse(lines[0]).req).toEqual({ path: '/api/rows' });
    createPlatformLogger({ home, logLevel: 'silent' }, 'server', { destination }).error('never');
    expect(lines).toHaveLength(1);
  });
});
