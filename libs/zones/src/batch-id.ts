import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A batch is named by its dataset and content, so the same bytes always make the same batch:
 * re-ingesting is detected, and a re-run after a crash rewrites the same object keys.
 */
export function batchIdFor(dataset: string, contentSha256: string): string {
  return `b${createHash('sha256').update(`${dataset}\n${contentSha256}`).digest('hex').slice(0, 20)}`;
}
