import { column } from '@acad/schemas';
import { portableColumnType } from './portable-column-type';

describe('portableColumnType', () => {
  it.each([
    [column('a', 'text', ''), 'string'],
    [column('a', 'enum', '', { values: ['x'] }), 'string'],
    [column('a', 'integer', ''), 'bigint'],
    [column('a', 'decimal', '', { scale: 2 }), 'decimal(18,2)'],
    [column('a', 'decimal', ''), 'decimal(18,4)'],
    [column('a', 'date', ''), 'date'],
    [column('a', 'timestamp', ''), 'timestamp'],
  ])('maps %o to %s', (spec, expected) => {
    expect(portableColumnType(spec)).toBe(expected);
  });
});
