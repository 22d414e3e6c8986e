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

/** Bytes of a file's start that its encoding and layout are judged by. */
const SAMPLE_BYTES = 1 << 20;

/**
 * Format from the file name; encoding from a byte-order mark or, failing that, the bytes: UTF-8
 * when they are valid UTF-8, or when they hold UTF-8 characters and only a few invalid bytes (a
 * damaged UTF-8 file: the records with those bytes are quarantined, never re-read as Latin-1);
 * Latin-1 when no UTF-8 character appears among bytes above 0x7F.
 */
export async function detectFormat(path: string, fileName: string): Promise<DetectedFormat | undefined> {
  const format = FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
  if (!format) return undefined;
  const { bytes, truncated } = await readSample(path);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { format, encoding: 'utf-16' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { format, encoding: 'utf-8' };
  const { characters, invalid } = utf8Census(bytes, truncated);
  return { format, encoding: invalid === 0 || (characters > 0 && invalid <= characters) ? 'utf-8' : 'latin-1' };
}

/** The text of a file's first SAMPLE_BYTES in its encoding; `truncated` when the file goes on. */
export async function readTextHead(path: string, encoding: TextEncoding): Promise<{ text: string; truncated: boolean }> {
  const { bytes, truncated } = await readSample(path);
  const label = encoding === 'latin-1' ? 'latin1' : encoding === 'utf-16' ? (bytes[0] === 0xfe ? 'utf-16be' : 'utf-16le') : 'utf-8';
  return { text: new TextDecoder(label).decode(bytes).replace(/^\uFEFF/, ''), truncated };
}

async function readSample(path: string): Promise<{ bytes: Buffer; truncated: boolean }> {
  const handle = await open(path, 'r');
  try {
    // No bigger than the file needs (plus the byte that tells it ends): a small file's read stays small.
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, (await handle.stat()).size + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { bytes: buffer.subarray(0, bytesRead), truncated: bytesRead === buffer.length };
  } finally {
    await handle.close();
  }
}

/**
 * Well-formed multi-byte UTF-8 characters, and bytes above 0x7F that belong to none, in a sample.
 * A sequence cut off by the end of a truncated sample counts as neither.
 */
function utf8Census(bytes: Buffer, truncated: boolean): { characters: number; invalid: number } {
  let characters = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length > 0 && i + length > bytes.length && truncated) break;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok && length === 3) ok = !(lead === 0xe0 && bytes[i + 1] < 0xa0) && !(lead === 0xed && bytes[i + 1] > 0x9f);
    if (ok && length === 4) ok = !(lead === 0xf0 && bytes[i + 1] < 0x90) && !(lead === 0xf4 && bytes[i + 1] > 0x8f);
    if (ok) {
      characters += 1;
      i += length;
    } else {
      invalid += 1;
      i += 1;
    }
  }
  return { characters, invalid };
}
