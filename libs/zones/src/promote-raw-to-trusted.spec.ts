import { filesToMerge } from './promote-raw-to-trusted';

const files = (...bytes: number[]) => bytes.map((b, i) => ({ path: `f${i}`, bytes: b }));

describe('filesToMerge (size-tiered compaction of a partition)', () => {
  it('merges nothing while the new file still fits', () => {
    expect(filesToMerge(files(100, 1, 1, 1, 1), 6)).toEqual([]);
  });

  it('merges the newest small files and leaves a large old file alone', () => {
    expect(filesToMerge(files(100, 1, 1, 1, 1, 1), 6)).toEqual(['f5', 'f4', 'f3', 'f2', 'f1']);
    expect(filesToMerge(files(100, 6, 1, 1, 1, 1), 6)).toEqual(['f5', 'f4', 'f3', 'f2', 'f1']);
  });

  it('always merges at least the newest file, so the count never grows past the limit', () => {
    expect(filesToMerge(files(1000, 250, 60, 15, 4, 1), 6)).toEqual(['f5']);
  });

  it('rewrites each row a logarithmic number of times over many equal batches', () => {
    let partition: { path: string; bytes: number }[] = [];
    let rewritten = 0;
    for (let batch = 0; batch < 1000; batch += 1) {
      const merge = new Set(filesToMerge(partition, 6));
      const mergedBytes = partition.filter((f) => merge.has(f.path)).reduce((n, f) => n + f.bytes, 0);
      rewritten += mergedBytes;
      partition = [...partition.filter((f) => !merge.has(f.path)), { path: `b${batch}`, bytes: 1 + mergedBytes }];
      expect(partition.length).toBeLessThanOrEqual(6);
    }
    // Rewriting whole partitions would copy about 1000²/2 = 500,000 rows; tiering copies each row ~log₂(1000) times.
    expect(rewritten).toBeLessThan(1000 * 12);
  });
});
