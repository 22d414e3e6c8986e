import { setTimeout as sleep } from 'node:timers/promises';
import { inLanes } from './in-lanes';

describe('inLanes', () => {
  it('runs every item, at most `lanes` at once, starting them in order', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const lanesSeen = new Set<number>();
    await inLanes([1, 2, 3, 4, 5, 6, 7], 3, async (item, lane) => {
      started.push(item);
      lanesSeen.add(lane);
      running += 1;
      peak = Math.max(peak, running);
      await sleep(item % 3 === 0 ? 15 : 5);
      running -= 1;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect([...lanesSeen].sort()).toEqual([0, 1, 2]);
  });

  it('starts nothing after a failure, lets busy lanes finish, then raises the first error', async () => {
    const finished: number[] = [];
    const attempt = inLanes([1, 2, 3, 4, 5], 2, async (item) => {
      if (item === 1) throw new Error('item 1 failed');
      await sleep(10);
      finished.push(item);
    });
    await expect(attempt).rejects.toThrow('item 1 failed');
    expect(finished).toEqual([2]);
  });

  it('does nothing for no items', async () => {
    const work = jest.fn(async () => undefined);
    await inLanes([], 4, work);
    expect(work).not.toHaveBeenCalled();
  });
});
