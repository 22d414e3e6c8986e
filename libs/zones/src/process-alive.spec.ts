import { spawnSync } from 'node:child_process';
import { processIsGone } from './process-alive';

describe('processIsGone', () => {
  it('is false for a running process and true for one that has exited', () => {
    expect(processIsGone(process.pid)).toBe(false);
    const exited = spawnSync(process.execPath, ['-e', '']).pid as number;
    expect(processIsGone(exited)).toBe(true);
  });
});
