import type { Table } from '@aws-sdk/client-glue';
import { sampleEntry } from './catalog-entry.test-support';
import { glueTableInput, glueTableMatches, gluePartitionInput, mergeUnmanagedParameters, partitionValues } from './glue-table-input';

const entry = sampleEntry({ partitionKeys: ['term', 'week'], partitions: ['term=2025-FALL/week=36'] });

describe('glue table input', () => {
  it('reads partition values in key order and places the partition under the table location', () => {
    expect(partitionValues(entry, 'term=2025-FALL/week=36')).toEqual(['2025-FALL', '36']);
    expect(() => partitionValues(entry, 'week=36/term=2025-FALL')).toThrow(expect.objectContaining({ code: 'GLUE_SYNC_FAILED' }));
    expect(
      gluePartitionInput({ ...entry, location: '/lake/trusted/attendance//' }, 'term=2025-FALL/week=36').StorageDescriptor?.Location,
    ).toBe('/lake/trusted/attendance/term=2025-FALL/week=36/');
  });

  it('cuts column comments to the 255 characters Glue allows', () => {
    const long = sampleEntry({ columns: [{ name: 'a', type: 'string', description: 'x'.repeat(300), pii: 'none', tags: [] }] });
    expect(glueTableInput(long).StorageDescriptor?.Columns?.[0].Comment).toHaveLength(255);
  });

  it('matches a table that differs only in parameters Glue adds, but not in ours', () => {
    const input = glueTableInput(entry);
    const table = (parameters: Record<string, string>): Table => ({ ...input, Name: input.Name, Parameters: parameters });
    expect(glueTableMatches(table({ ...input.Parameters, transient_lastDdlTime: '1' }), input)).toBe(true);
    expect(glueTableMatches(table({ ...input.Parameters, 'acad:contract_version': '0' }), input)).toBe(false);
    expect(glueTableMatches(table({ ...input.Parameters, 'acad:retired': 'yes' }), input)).toBe(false);
    expect(
      glueTableMatches(
        { ...table(input.Parameters ?? {}), StorageDescriptor: { ...input.StorageDescriptor, Location: '/elsewhere' } },
        input,
      ),
    ).toBe(false);
  });

  it('keeps unmanaged parameters on update and drops stale acad: ones', () => {
    const input = glueTableInput(entry);
    const merged = mergeUnmanagedParameters(
      { Name: input.Name, Parameters: { transient_lastDdlTime: '1', 'acad:retired': 'yes', classification: 'csv' } },
      input,
    );
    expect(merged.Parameters).toEqual({ transient_lastDdlTime: '1', ...input.Parameters });
  });
});
