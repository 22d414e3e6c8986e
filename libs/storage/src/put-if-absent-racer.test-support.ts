import { LocalFsObjectStore } from './local-fs-object-store';

/**
 * A separate process that races for keys with `putIfAbsent`, for the cross-process test in
 * local-fs-object-store.spec.ts. Usage: `<root> <key count> <writer id>`. Prints `ready`,
 * waits for a line on stdin (so every racer starts together), then prints the keys it won.
 */
export async function raceForKeys(root: string, keyCount: number, writer: string): Promise<string[]> {
  const store = new LocalFsObjectStore(root);
  const keys = Array.from({ length: keyCount }, (_, i) => `race/key-${i}`);
  const results = await Promise.all(keys.map(async (key) => ((await store.putIfAbsent(key, writer)) ? key : undefined)));
  return results.filter((key): key is string => key !== undefined);
}

if (require.main === module) {
  const [root, keyCount, writer] = process.argv.slice(2);
  process.stdout.write('ready\n');
  process.stdin.once('data', () => {
    raceForKeys(root, Number(keyCount), writer).then(
      (won) => {
        process.stdout.write(`${JSON.stringify(won)}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
