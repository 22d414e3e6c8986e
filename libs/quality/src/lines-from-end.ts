import { open } from 'node:fs/promises';

/**
 * The lines of a text file, last first, read backwards a chunk at a time: the newest records of
 * an append-only JSON-lines file cost what they weigh, not what the whole file weighs. Lines
 * split at the newline byte, which never occurs inside a multi-byte UTF-8 character. A missing
 * file has no lines.
 */
export async function* linesFromEnd(file: string, chunkBytes = 64 * 1024): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    // The start of the line that the chunk after this one began in the middle of.
    let carried = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(chunkBytes, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      const bytes = Buffer.concat([chunk, carried]);
      let end = bytes.length;
      for (let newline = bytes.lastIndexOf(0x0a, end - 1); newline !== -1; newline = end > 0 ? bytes.lastIndexOf(0x0a, end - 1) : -1) {
        yield bytes.subarray(newline + 1, end).toString('utf8');
        end = newline;
      }
      carried = bytes.subarray(0, end);
    }
    yield carried.toString('utf8');
  } finally {
    await handle.close();
  }
}
