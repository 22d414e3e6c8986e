import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { normaliseHeader } from '@acad/schemas';
import { splitLine } from './csv-layout';

/** Where the records of a CSV file end: a second table appended after a blank line. */
export interface SecondTable {
  /** Physical line (1-based) where it begins. */
  line: number;
  /** Byte offset of that line. */
  offset: number;
  /** Physical lines (1-based) of the non-blank lines from there to the end of the file. */
  lines: number[];
}

export interface LineScan {
  /** Line endings seen: `\r\n`, `\n` alone, and `\r` alone (old Mac files, or a CR inside a value). */
  crlf: number;
  lf: number;
  loneCr: number;
  /** The file holds a NUL byte somewhere. */
  holdsNul: boolean;
  /** Byte offset where the region's first line starts (the file's size when it has no such line; 0 when no region was given). */
  dataOffset: number;
  secondTable?: SecondTable;
}

export interface RecordRegion {
  /** Physical line (0-based) of the first record. */
  fromLine: number;
  /** Fields of a record (the header's, or the contract's). */
  width: number;
  delimiter: string;
  quote: string;
  /** The contract's column names: a line naming several of them after a blank line starts a new table. */
  columnNames: ReadonlySet<string>;
  encoding: 'utf-8' | 'latin-1';
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * One pass over a text file's bytes: counts its line endings and, given the records' region,
 * finds a second table appended after the first (a blank line, then a line of another width or
 * naming the contract's columns, outside any quoted value). The loop visits line ends with
 * Buffer.indexOf and looks at a line's bytes only when it is short enough to be blank, allocating
 * nothing per line; DuckDB has no line-level view for this.
 */
export async function scanLandingLines(path: string, region?: RecordRegion): Promise<LineScan> {
  const scan: LineScan = { crlf: 0, lf: 0, loneCr: 0, holdsNul: false, dataOffset: 0 };
  // A lookup table of the bytes a blank line may hold: spaces, tabs, CR and the delimiter's bytes.
  const blankByte = new Uint8Array(256);
  for (const b of [0x20, 0x09, CR, ...(region ? Buffer.from(region.delimiter) : [])]) blankByte[b] = 1;
  const blankLimit = region ? region.width * region.delimiter.length + 64 : 0;
  const quotes = region ? new QuoteParity(path, region.quote.charCodeAt(0)) : undefined;
  let crs = 0;
  let line = 0;
  let offset = 0; // of `pending`'s first byte in the file
  let pending = Buffer.alloc(0);
  let blankRun: number | undefined; // offset of the first blank line of the current run
  const table: number[] = [];
  let tableStart: { line: number; offset: number } | undefined;

  const isBlank = (buffer: Buffer, start: number, end: number) => {
    if (end - start > blankLimit) return false;
    for (let k = start; k < end; k++) if (blankByte[buffer[k]] === 0) return false;
    return true;
  };
  /** Looks at one line; true when it may start a second table (then the quotes before it are counted). */
  const visit = (buffer: Buffer, start: number, end: number, at: number): boolean => {
    if (!region || line < region.fromLine) return false;
    if (line === region.fromLine) scan.dataOffset = at;
    if (tableStart) {
      if (!isBlank(buffer, start, end)) table.push(line + 1);
      return false;
    }
    if (isBlank(buffer, start, end)) {
      blankRun ??= at;
      return false;
    }
    const candidate = blankRun !== undefined && startsTable(buffer.subarray(start, end), region);
    if (!candidate) blankRun = undefined;
    return candidate;
  };
  const startTable = async (start: number) => {
    if (await quotes?.evenBefore(scan.dataOffset, blankRun as number)) {
      tableStart = { line: line + 1, offset: start };
      table.push(line + 1);
    }
    blankRun = undefined;
  };

  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (!scan.holdsNul && bytes.indexOf(0) !== -1) scan.holdsNul = true;
      for (let at = bytes.indexOf(CR); at !== -1; at = bytes.indexOf(CR, at + 1)) crs += 1;
      const buffer = pending.length ? Buffer.concat([pending, bytes]) : bytes;
      let start = 0;
      for (let end = buffer.indexOf(NL); end !== -1; end = buffer.indexOf(NL, start)) {
        if (end > 0 && buffer[end - 1] === CR) scan.crlf += 1;
        else scan.lf += 1;
        // A long line of the records, with no blank line before it, needs no look.
        const look = region && (line <= region.fromLine || end - start <= blankLimit || blankRun !== undefined || tableStart);
        if (look && visit(buffer, start, end, offset + start)) await startTable(offset + start);
        line += 1;
        start = end + 1;
      }
      offset += start;
      pending = Buffer.from(buffer.subarray(start));
    }
    if (pending.length > 0 && visit(pending, 0, pending.length, offset)) await startTable(offset);
  } finally {
    await quotes?.close();
  }
  scan.loneCr = crs - scan.crlf;
  // The file ends before its records begin (a header and nothing else).
  if (region && line <= region.fromLine && !(line === region.fromLine && pending.length > 0)) scan.dataOffset = offset + pending.length;
  if (tableStart) scan.secondTable = { ...tableStart, lines: table };
  return scan;
}

/** A line after a blank one that is not a record of the first table: another width, or a header naming the contract's columns. */
function startsTable(bytes: Buffer, region: RecordRegion): boolean {
  const text = region.encoding === 'latin-1' ? bytes.toString('latin1') : bytes.toString('utf8');
  const fields = splitLine(text.replace(/\r$/, ''), region.delimiter, region.quote);
  if (fields.length !== region.width) return true;
  return fields.map(normaliseHeader).filter((name) => region.columnNames.has(name)).length >= 2;
}

/**
 * Whether a byte offset lies outside quoted values: the count of quote characters before it is
 * even (a doubled quote inside a value counts twice). Counted only when a candidate needs it,
 * from where the last count stopped, so the whole file is read at most once more.
 */
class QuoteParity {
  private counted = -1;
  private count = 0;
  private handle?: Awaited<ReturnType<typeof open>>;

  constructor(
    private readonly path: string,
    private readonly quote: number,
  ) {}

  async evenBefore(from: number, to: number): Promise<boolean> {
    if (this.counted < 0) this.counted = from;
    this.handle ??= await open(this.path, 'r');
    const buffer = Buffer.alloc(1 << 20);
    while (this.counted < to) {
      const { bytesRead } = await this.handle.read(buffer, 0, Math.min(buffer.length, to - this.counted), this.counted);
      if (bytesRead === 0) break;
      const piece = buffer.subarray(0, bytesRead);
      for (let at = piece.indexOf(this.quote); at !== -1; at = piece.indexOf(this.quote, at + 1)) this.count += 1;
      this.counted += bytesRead;
    }
    return this.count % 2 === 0;
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}
