import { parse } from 'csv-parse/sync';
import { normaliseHeader, type DatasetContract } from '@acad/schemas';
import { cellFits } from './csv-cell-fit';

/** How a CSV file is laid out, found from its first lines and the dataset's contract. */
export interface CsvLayout {
  delimiter: string;
  quote: '"' | "'";
  /** Physical line (0-based) of the header row; undefined when the file has none. */
  headerLine?: number;
  /** The file's column names: its header's, or the contract's in order when it has none. */
  header: string[];
  /** First physical line (0-based) of the records. */
  dataLine: number;
  /** Lines before the header row (a title, a preamble, blank lines), or before the first record. */
  skippedLines: number;
}

/** Lines searched for the header row; a preamble longer than this is not looked past. */
export const HEADER_SEARCH_LINES = 50;
/** Lines after the header row that judge a dialect (same width, no leftover quotes). */
const JUDGED_LINES = 20;

// Delimiters people's tools write, comma-plus-space before comma so that `a, "b, c"` keeps its
// quoted comma; space last, as a header with spaces in its names is more likely than a space
// delimiter. Double quotes before single ones.
const DELIMITERS = [', ', ',', ';', '\t', '|', ' '];
const QUOTES = ['"', "'"] as const;

/** A line split by one dialect, leniently: a quote that is not closed leaves the line split at every delimiter. */
export function splitLine(line: string, delimiter: string, quote: string): string[] {
  try {
    const [fields] = parse(line, { delimiter, quote, relax_quotes: true, relax_column_count: true }) as string[][];
    return fields ?? [''];
  } catch {
    return line.split(delimiter).map((f) => f.split(quote).join(''));
  }
}

/**
 * Several lines split by one dialect with one parser call (a call costs about a millisecond, so
 * lines are not split one by one): one field list per record, or per line when the lines do not
 * parse as a whole (an unclosed quote).
 */
function splitLines(lines: readonly string[], delimiter: string, quote: string): string[][] {
  if (lines.length === 0) return [];
  try {
    return parse(lines.join('\n'), {
      delimiter,
      quote,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch {
    return lines.map((l) => splitLine(l, delimiter, quote));
  }
}

/** Why a header line does not parse strictly (a stray quote), or undefined when it does. */
function headerDamage(line: string, delimiter: string, quote: string): string | undefined {
  try {
    parse(line, { delimiter, quote, relax_column_count: true });
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quote is opened and never closed';
    if (code === 'INVALID_OPENING_QUOTE') return 'a stray quote inside a column name';
    if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'text after a closing quote';
    return 'it cannot be parsed';
  }
}

interface Candidate {
  delimiter: string;
  quote: (typeof QUOTES)[number];
  line: number;
  fields: string[];
  matched: number;
  consistency: number;
  leftoverQuotes: number;
  order: number;
}

/**
 * Finds the dialect and header row of a CSV file from the text of its first lines (`truncated`:
 * the text stops mid-file, so its last line may be partial). The header is the line among the
 * first HEADER_SEARCH_LINES whose names match most of the contract's columns, under the dialect
 * that also splits the following lines to the header's width; lines before it are skipped. With
 * no such line, a file whose first lines fit the contract's columns by position and type is read
 * in contract order. Anything else is refused with `reject(problem)`.
 */
export function sniffCsvLayout(text: string, contract: DatasetContract, truncated: boolean, reject: (problem: string) => Error): CsvLayout {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (truncated && lines.length > 1) lines.pop();
  const blank = (line: string) => line.trim() === '';
  const names = new Set(contract.columns.map((c) => c.name));

  let best: Candidate | undefined;
  let order = 0;
  // Only a line that spells one of the column names can be the header row: the others are not split.
  const candidates = lines
    .slice(0, HEADER_SEARCH_LINES)
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => !blank(line) && [...names].some((n) => line.toLowerCase().includes(n)));
  for (const delimiter of DELIMITERS) {
    for (const quote of QUOTES) {
      order += 1;
      for (const { line, i } of candidates) {
        const fields = splitLine(line, delimiter, quote);
        const matched = new Set(fields.map(normaliseHeader).filter((n) => names.has(n))).size;
        if (matched === 0 || (best && matched < best.matched)) continue;
        const judged = splitLines(followingLines(lines, i), delimiter, quote);
        const candidate: Candidate = {
          delimiter,
          quote,
          line: i,
          fields,
          matched,
          consistency: judged.length === 0 ? 1 : judged.filter((f) => f.length === fields.length).length / judged.length,
          leftoverQuotes: judged.flat().filter(isStillQuoted).length,
          order,
        };
        if (!best || better(candidate, best)) best = candidate;
      }
    }
  }
  if (best) {
    const damage = headerDamage(lines[best.line], best.delimiter, best.quote);
    if (damage) throw reject(`the header row (line ${best.line + 1}) is damaged: ${damage}`);
    return {
      delimiter: best.delimiter,
      quote: best.quote,
      headerLine: best.line,
      header: best.fields,
      dataLine: best.line + 1,
      skippedLines: best.line,
    };
  }
  const headerless = fitByPosition(lines, contract);
  if (headerless) return headerless;
  throw reject(
    `no header row naming its columns in the first ${HEADER_SEARCH_LINES} lines, and its rows do not fit them by position and type: expected ${contract.columns.map((c) => c.name).join(', ')}`,
  );
}

function followingLines(lines: readonly string[], header: number): string[] {
  const following: string[] = [];
  for (let i = header + 1; i < lines.length && following.length < JUDGED_LINES; i++) if (lines[i].trim() !== '') following.push(lines[i]);
  return following;
}

/** A cell the dialect left wrapped in quotes: the file quotes with the other character. */
function isStillQuoted(cell: string): boolean {
  const t = cell.trim();
  return t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")));
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.matched !== b.matched) return a.matched > b.matched;
  if (a.consistency !== b.consistency) return a.consistency > b.consistency;
  if (a.leftoverQuotes !== b.leftoverQuotes) return a.leftoverQuotes < b.leftoverQuotes;
  if (a.line !== b.line) return a.line < b.line;
  return a.order < b.order;
}

/**
 * A file without a header row is read in contract order only when its first line and nearly all
 * of the lines after it fit the contract's columns by position and type (width, required cells,
 * dates, numbers, enum values, patterns): a header of other names never fits, so it is never read
 * as data.
 */
function fitByPosition(lines: readonly string[], contract: DatasetContract): CsvLayout | undefined {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  const lastRequired = contract.columns.reduce((last, c, i) => (c.required ? i : last), -1);
  const fits = (fields: string[]) =>
    fields.length > lastRequired &&
    fields.length <= contract.columns.length &&
    fields.every((cell, i) => cellFits(contract.columns[i], cell));
  for (const delimiter of DELIMITERS) {
    for (const quote of QUOTES) {
      const head = splitLine(lines[first], delimiter, quote);
      if (!fits(head)) continue;
      const sample = [head, ...splitLines(followingLines(lines, first), delimiter, quote)];
      if (sample.filter(fits).length < 0.8 * sample.length) continue;
      return {
        delimiter,
        quote,
        header: contract.columns.slice(0, sample[0].length).map((c) => c.name),
        dataLine: first,
        skippedLines: first,
      };
    }
  }
  return undefined;
}
