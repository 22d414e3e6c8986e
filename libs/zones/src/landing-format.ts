import { open } from 'node:fs/promises';
import { extname } from 'node:path';

export type LandingFormat = 'csv' | 'ndjson' | 'json';
export type TextEncoding = 'utf-8' | 'utf-16' | 'latin-1';

export interface DetectedFormat {
  format: LandingFormat;
  encoding: TextEncoding;
}

const FORMAT_BY_EXTENSION: Record<string, LandingFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
};

/** Format from the file name; encoding from a byte-order mark or, failing that, UTF-8 validity. */
export async function detectFormat(path: string, fileName: string): Promise<DetectedFormat | undefined> {
  const format = FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
  if (!format) return undefined;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return { format, encoding: 'utf-16' };
    return { format, encoding: isUtf8(head, bytesRead === buffer.length) ? 'utf-8' : 'latin-1' };
  } finally {
    await handle.close();
  }
}

function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  // A sample cut mid-character is still UTF-8: drop up to three trailing bytes before checking.
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  return false;
}
