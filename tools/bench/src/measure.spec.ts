import { BenchPartFailed } from './bench-errors';
import { spawnJsonChild, type ChildProgress } from './measure';

describe('spawnJsonChild', () => {
  it('passes progress lines on, ignores stray output and resolves to the result', async () => {
    const script = `
      const say = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
      say({ progress: { done: 1, total: 2 } });
      process.stdout.write('a stray print\\n');
      say({ progress: { done: 2, total: 2 } });
      say({ result: { echoed: process.argv[1], maxRssKiB: process.resourceUsage().maxRSS } });`;
    const progress: ChildProgress[] = [];
    const result = await spawnJsonChild<{ echoed: string; maxRssKiB: number }>(['--eval', script, 'hello'], {
      part: 'echo',
      onProgress: (p) => progress.push(p),
    });
    expect(result.echoed).toBe('hello');
    expect(result.maxRssKiB).toBeGreaterThan(1024);
    expect(progress).toEqual([
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  }, 30_000);

  it('fails naming the part, with the exit code and the end of stderr', async () => {
    const failing = spawnJsonChild(['--eval', `process.stderr.write('disk full'); process.exit(3)`], { part: 'writer' });
    await expect(failing).rejects.toThrow(BenchPartFailed);
    await expect(failing).rejects.toThrow(/Benchmark part "writer" failed: exit code 3\s+disk full/);
  }, 30_000);

  it('fails when the child exits cleanly without a result', async () => {
    await expect(spawnJsonChild(['--eval', '0'], { part: 'quiet' })).rejects.toThrow(
      'Benchmark part "quiet" failed: exited without a result',
    );
  }, 30_000);
});
