import type { CsvDialect } from './csv-writer';
import type { CoreSampleDatasetName, SampleFile } from './messy-table';

export type SampleDatasetName = CoreSampleDatasetName;

/** What one generated file holds, so pipeline tests can check their counts against it. */
export interface SampleFileManifest {
  dataset: string;
  file: string;
  /** Canonical column names from the contract (the file's header may spell them messily). */
  columns: readonly string[];
  /** Data records, header excluded (a quoted field with a line break is still one record). */
  rows: number;
  bytes: number;
  dialect: { delimiter: CsvDialect['delimiter']; lineEnding: 'crlf' | 'lf'; bom: boolean; quoteAll: boolean };
  /** Rows that break the contract, by how they break it. Only their content marks them. */
  invalid: { total: number; byKind: Record<string, number> };
  /** Byte-identical copies of a valid row. */
  exactDuplicates: number;
  /** Same key as a valid row with a newer `recorded_at` (the newer one should win). */
  resubmissions: number;
  /** What a correct pipeline reports: `rows = accepted + duplicates + quarantined`. */
  expected: { accepted: number; duplicates: number; quarantined: number };
}

export interface SampleDataManifest {
  generator: '@acad/sample-data';
  seed: string;
  students: number;
  /** The core four always; one more per dataset hook. */
  files: Record<SampleDatasetName, SampleFileManifest> & Record<string, SampleFileManifest>;
}

export function describeSampleFile(file: SampleFile, bytes: number): SampleFileManifest {
  const { table, dialect } = file;
  const invalidTotal = Object.values(table.invalidByKind).reduce((sum, n) => sum + n, 0);
  const duplicates = table.exactDuplicates + table.resubmissions;
  return {
    dataset: file.dataset,
    file: file.fileName,
    columns: file.columns,
    rows: table.rows.length,
    bytes,
    dialect: {
      delimiter: dialect.delimiter,
      lineEnding: dialect.lineEnding === '\r\n' ? 'crlf' : 'lf',
      bom: dialect.bom,
      quoteAll: dialect.quoteAll,
    },
    invalid: { total: invalidTotal, byKind: table.invalidByKind },
    exactDuplicates: table.exactDuplicates,
    resubmissions: table.resubmissions,
    expected: { accepted: table.rows.length - invalidTotal - duplicates, duplicates, quarantined: invalidTotal },
  };
}
