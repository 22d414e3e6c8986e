/**
 * Runs `work` over `items`, starting them in order, at most `lanes` at a time; `work` is told its
 * lane (0 … lanes-1), e.g. to use that lane's connection. After a failure no item is started; the
 * lanes already busy finish, then the first error is raised.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (index: number): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next];
      next += 1;
      try {
        await work(item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const count = Math.max(1, Math.min(lanes, items.length));
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => lane(i)));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
