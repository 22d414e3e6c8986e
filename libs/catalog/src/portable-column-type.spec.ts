import { column } from '@acad/schemas';
import { UnsupportedColumnType } from './catalog-errors';
import { portableColumnType, portableTypeFromDuckDb } from './portable-column-type';

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

describe('portableTypeFromDuckDb', () => {
  it.each([
    ['VARCHAR', 'string'],
    ['BIGINT', 'bigint'],
    ['INTEGER', 'int'],
    ['DOUBLE', 'double'],
    ['BOOLEAN', 'boolean'],
    ['DATE', 'date'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp'],
    ['DECIMAL(5,4)', 'decimal(5,4)'],
    ['VARCHAR[]', 'array<string>'],
  ])('maps %s to %s', (duck, expected) => {
    expect(portableTypeFromDuckDb(duck)).toBe(expected);
  });

  it('names the column when a type has no portable name', () => {
    expect(() => portableTypeFromDuckDb('INTERVAL', 'gap')).toThrow(UnsupportedColumnType);
    expect(() => portableTypeFromDuckDb('INTERVAL', 'gap')).toThrow(/Column "gap" has engine type INTERVAL/);
  });
});
