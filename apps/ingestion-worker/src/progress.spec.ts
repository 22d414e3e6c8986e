import { BatchProgress } from './progress';

describe('BatchProgress', () => {
  const notATerminal = { isTTY: false } as NodeJS.WriteStream;

  it('never moves back when the files of a group report their steps interleaved', () => {
    const progress = new BatchProgress(2, notATerminal);
    const seen: number[] = [];
    for (const [step, file] of [
      ['stage', 'a.csv'],
      ['stage', 'b.csv'],
      ['raw', 'a.csv'],
      ['raw', 'b.csv'],
      ['trusted', 'b.csv'],
      ['quality', 'a.csv'],
      ['quality', 'b.csv'],
      ['commit', 'b.csv'],
    ] as const) {
      progress.step(step, file);
      seen.push(progress.progress);
    }
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    progress.batchDone();
    expect(progress.progress).toBe(0.5);
    progress.step('cleanup', 'b.csv');
    progress.batchDone();
    expect(progress.progress).toBe(1);
  });
});
