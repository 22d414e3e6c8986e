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
 * naming the contract's columns, outside any quoted value). DuckDB has no line-level view for
 * this, so the lines are walked here: line ends found with Buffer.indexOf, a line's bytes read
 * only when it is short enough to be blank, nothing allocated per line (`LineWalker`).
 */
export async function scanLandingLines(path: string, region?: RecordRegion): Promise<LineScan> {
  const walker = new LineWalker(region);
  const quotes = region ? new QuoteParity(path, region.quote.charCodeAt(0)) : undefined;
  let holdsNul = false;
  let crs = 0;
  let offset = 0; // of `pending`'s first byte in the file
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (!holdsNul && bytes.indexOf(0) !== -1) holdsNul = true;
      crs += countByte(bytes, CR);
      const buffer = pending.length ? Buffer.concat([pending, bytes]) : bytes;
      let next = 0;
      for (;;) {
        const walked = walker.walk(buffer, next, offset);
        next = walked.next;
        if (walked.candidate === undefined) break;
        // A table starts there only outside quoted values: count the quotes before the blank line.
        walker.settle(await (quotes as QuoteParity).evenBefore(walker.dataOffset, walker.blankRun as number), walked.candidate);
      }
      offset += next;
      pending = Buffer.from(buffer.subarray(next));
    }
    if (pending.length > 0) {
      const candidate = walker.last(pending, offset);
      if (candidate) walker.settle(await (quotes as QuoteParity).evenBefore(walker.dataOffset, walker.blankRun as number), candidate);
    }
  } finally {
    await quotes?.close();
  }
  return walker.result(crs, holdsNul, offset + pending.length);
}

function countByte(bytes: Buffer, byte: number): number {
  let n = 0;
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1)) n += 1;
  return n;
}

/**
 * The line-by-line state of a scan, in a class of its own: the loop runs in a plain method,
 * where V8 keeps its variables in registers (in the async function above they would live in
 * its context object, several times slower per line).
 */
class LineWalker {
  crlf = 0;
  lf = 0;
  /** Index (0-based) of the next line. */
  line = 0;
  /** Byte offset of the region's first line; -1 until it is reached. */
  dataOffset = -1;
  /** Offset of the first blank line of the current run of blank lines. */
  blankRun: number | undefined;
  private tableStart: { line: number; offset: number } | undefined;
  private readonly table: number[] = [];
  private readonly blankByte = new Uint8Array(256);
  private readonly blankLimit: number;

  constructor(private readonly region: RecordRegion | undefined) {
    // The bytes a blank line may hold: spaces, tabs, CR and the delimiter's bytes.
    for (const b of [0x20, 0x09, CR, ...(region ? Buffer.from(region.delimiter) : [])]) this.blankByte[b] = 1;
    this.blankLimit = region ? region.width * region.delimiter.length + 64 : 0;
  }

  /**
   * Walks the complete lines of `buffer` from `from` (`base`: the file offset of buffer[0]); stops
   * early after a line that may start a second table (`candidate`: its file offset), to be settled.
   */
  walk(buffer: Buffer, from: number, base: number): { next: number; candidate?: number } {
    const region = this.region;
    const limit = this.blankLimit;
    let start = from;
    let line = this.line;
    let crlf = this.crlf;
    let lf = this.lf;
    let candidate: number | undefined;
    for (let end = buffer.indexOf(NL, start); end !== -1; end = buffer.indexOf(NL, start)) {
      if (end > 0 && buffer[end - 1] === CR) crlf += 1;
      else lf += 1;
      // A long line of the records, with no blank line before it, needs no look.
      const look =
        region !== undefined &&
        (line <= region.fromLine || end - start <= limit || this.blankRun !== undefined || this.tableStart !== undefined);
      if (look && this.visit(buffer, start, end, base + start, line)) candidate = base + start;
      line += 1;
      start = end + 1;
      if (candidate !== undefined) break;
    }
    this.line = line;
    this.crlf = crlf;
    this.lf = lf;
    return { next: start, ...(candidate !== undefined ? { candidate } : {}) };
  }

  /** The file's last line, when it has no line end; a candidate offset as `walk` gives. */
  last(pending: Buffer, base: number): number | undefined {
    const candidate = this.region && this.visit(pending, 0, pending.length, base, this.line) ? base : undefined;
    this.line += 1;
    return candidate;
  }

  /** After a candidate: it starts a second table when the quotes before its blank line are even. */
  settle(outsideQuotes: boolean, candidate: number): void {
    if (outsideQuotes) {
      // `walk` has moved past the candidate line: it was line `this.line` (1-based).
      this.tableStart = { line: this.line, offset: candidate };
      this.table.push(this.line);
    }
    this.blankRun = undefined;
  }

  result(crs: number, holdsNul: boolean, size: number): LineScan {
    const region = this.region;
    const scan: LineScan = { crlf: this.crlf, lf: this.lf, loneCr: crs - this.crlf, holdsNul, dataOffset: Math.max(this.dataOffset, 0) };
    // The file ends before its records begin (a header and nothing else).
    if (region && this.dataOffset < 0) scan.dataOffset = size;
    if (this.tableStart) scan.secondTable = { ...this.tableStart, lines: this.table };
    return scan;
  }

  private isBlank(buffer: Buffer, start: number, end: number): boolean {
    if (end - start > this.blankLimit) return false;
    for (let k = start; k < end; k++) if (this.blankByte[buffer[k]] === 0) return false;
    return true;
  }

  /** Looks at one line (`line`, 0-based); true when it may start a second table. */
  private visit(buffer: Buffer, start: number, end: number, at: number, line: number): boolean {
    const region = this.region as RecordRegion;
    if (line < region.fromLine) return false;
    if (line === region.fromLine) this.dataOffset = at;
    if (this.tableStart) {
      if (!this.isBlank(buffer, start, end)) this.table.push(line + 1);
      return false;
    }
    if (this.isBlank(buffer, start, end)) {
      this.blankRun ??= at;
      return false;
    }
    const candidate = this.blankRun !== undefined && startsTable(buffer.subarray(start, end), region);
    if (!candidate) this.blankRun = undefined;
    return candidate;
  }
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
