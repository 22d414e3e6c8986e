import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A fresh ACAD_HOME-like folder under the OS temp dir; `cleanup` removes it. */
export function makeTempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'acad-crypto-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** Splits a buffer into chunks of `size` bytes (the last may be shorter). */
export function chunksOf(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size));
  return chunks;
}

/**
 * Feeds `input` through `transform` in chunks and records everything it emitted, even when it
 * fails, so tests can check what plaintext escaped before an error.
 */
export async function runCollecting(transform: Transform, input: Buffer, chunkSize = 1000): Promise<{ output: Buffer; error: unknown }> {
  const emitted: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      emitted.push(chunk);
      callback();
    },
  });
  let error: unknown;
  try {
    await pipeline(Readable.from(chunksOf(input, chunkSize)), transform, sink);
  } catch (caught) {
    error = caught;
  }
  return { output: Buffer.concat(emitted), error };
}
