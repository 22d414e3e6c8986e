import { open, readFile } from 'node:fs/promises';
import { CatalogCorrupt } from './catalog-errors';

/**
 * Appends one JSON value as a line and fsyncs it. A line torn by an earlier crash (no final
 * newline) was never acknowledged to its writer, so it is cut off first rather than glued to
 * this one. Call only while holding the catalog lock.
 */
export async function appendJsonLine(path: string, value: unknown): Promise<void> {
  await appendJsonLines(path, [value]);
}

/** Appends several JSON values, a line each, with one fsync. Call only while holding the catalog lock. */
export async function appendJsonLines(path: string, values: readonly unknown[]): Promise<void> {
  if (values.length === 0) return;
  await cutTornTail(path);
  const handle = await open(path, 'a', 0o644);
  try {
    await handle.appendFile(values.map((value) => `${JSON.stringify(value)}\n`).join(''), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Every complete line, parsed. A last line without its newline is a torn append and is ignored.
 * With `keep`, only the lines it keeps are parsed (and returned): a cheap look at the text first.
 */
export async function readJsonLines(path: string, options: { keep?: (line: string) => boolean } = {}): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n');
  lines.pop();
  const { keep } = options;
  const parsed: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (keep && !keep(line)) continue;
    try {
      parsed.push(JSON.parse(line) as unknown);
    } catch {
      throw new CatalogCorrupt(path, `line ${index + 1} is not valid JSON`);
    }
  }
  return parsed;
}

async function cutTornTail(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    // Scan backwards from the end for the last newline; only the torn tail is read.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        if (start + newline + 1 < size) await handle.truncate(start + newline + 1);
        return;
      }
      end = start;
    }
    if (size > 0) await handle.truncate(0);
  } finally {
    await handle.close();
  }
}
