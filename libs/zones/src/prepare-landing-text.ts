import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TextEncoding } from './landing-format';
import { scanLandingLines, type RecordRegion, type SecondTable } from './scan-landing-lines';

/** The file the engine reads for a landing text file, and how its lines map back to the delivered file. */
export interface PreparedText {
  /** The staged file itself, or a copy made for the engine in the private staging folder. */
  path: string;
  encoding: 'utf-8' | 'latin-1';
  /** Physical lines of the delivered file before `path`'s first line. */
  lineOffset: number;
  /** `path` begins with the header row (the engine skips it). */
  startsWithHeader: boolean;
  /** The file holds a NUL byte (a value may then hold one). */
  holdsNul: boolean;
  secondTable?: SecondTable;
}

/**
 * Makes a landing text file readable by the engine as delivered, without changing a record:
 * UTF-16 becomes UTF-8 (the engine's line and NUL handling work on bytes); mixed line endings
 * (`\r\n` and `\n`, or lone `\r`), which stop DuckDB's CSV reader, become `\n`; and for CSV, the
 * lines before the records (a preamble, the header) and a second table appended after them are
 * cut off. Copies are made only when one of these applies.
 */
export async function prepareLandingText(
  stagedPath: string,
  encoding: TextEncoding,
  outputPath: (name: string) => string,
  region?: Omit<RecordRegion, 'encoding'> & { startsWithHeader: boolean },
): Promise<PreparedText> {
  let path = stagedPath;
  const textEncoding: PreparedText['encoding'] = encoding === 'latin-1' ? 'latin-1' : 'utf-8';
  if (encoding === 'utf-16') path = await transcodeToUtf8(path, outputPath('utf8.txt'));
  const full = region ? { ...region, encoding: textEncoding } : undefined;
  let scan = await scanLandingLines(path, full);
  if (scan.loneCr > 0 || (scan.crlf > 0 && scan.lf > 0)) {
    path = await copyThrough(path, outputPath('lf.txt'), normaliseLineEnds());
    scan = await scanLandingLines(path, full);
  }
  if (!region || (region.fromLine === (region.startsWithHeader ? 1 : 0) && !scan.secondTable)) {
    return { path, encoding: textEncoding, lineOffset: 0, startsWithHeader: region?.startsWithHeader ?? false, holdsNul: scan.holdsNul };
  }
  // The records alone: from the first record's line to the second table, if any.
  const records = outputPath('records.txt');
  const end = scan.secondTable?.offset;
  await pipeline(
    createReadStream(path, { start: scan.dataOffset, ...(end !== undefined ? { end: end - 1 } : {}) }),
    createWriteStream(records, { mode: 0o600 }),
  );
  return {
    path: records,
    encoding: textEncoding,
    lineOffset: region.fromLine,
    startsWithHeader: false,
    holdsNul: scan.holdsNul,
    ...(scan.secondTable ? { secondTable: scan.secondTable } : {}),
  };
}

async function transcodeToUtf8(path: string, target: string): Promise<string> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  // The byte-order mark says which; the decoder drops it.
  const decoder = new TextDecoder(head[0] === 0xfe ? 'utf-16be' : 'utf-16le');
  return copyThrough(
    path,
    target,
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
      },
      flush(done) {
        done(null, Buffer.from(decoder.decode(), 'utf8'));
      },
    }),
  );
}

/** `\r\n` and lone `\r` to `\n`, byte for byte otherwise (UTF-8 and Latin-1 keep CR and LF as single bytes). */
function normaliseLineEnds(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // A chunk ending in \r waits for the next one: it may be the first half of \r\n.
      let text = (heldCr ? '\r' : '') + chunk.toString('latin1');
      heldCr = text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n?/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, heldCr ? Buffer.from('\n') : Buffer.alloc(0));
    },
  });
}

async function copyThrough(path: string, target: string, transform: Transform): Promise<string> {
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), transform, createWriteStream(target, { mode: 0o600 }));
  return target;
}
