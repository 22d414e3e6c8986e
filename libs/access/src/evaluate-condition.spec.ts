import { conditionsHold } from './evaluate-condition';

describe('conditionsHold', () => {
  it('holds with no condition block', () => {
    expect(conditionsHold(undefined, {})).toBe(true);
  });

  it.each([
    [{ StringEquals: { 'acad:PiiClass': 'quasi' } }, { 'acad:PiiClass': 'quasi' }, true],
    [{ StringEquals: { 'acad:PiiClass': ['none', 'quasi'] } }, { 'acad:PiiClass': 'quasi' }, true],
    [{ StringEquals: { 'acad:PiiClass': 'quasi' } }, { 'acad:PiiClass': 'Quasi' }, false],
    [{ StringEqualsIgnoreCase: { 'acad:PiiClass': 'quasi' } }, { 'acad:PiiClass': 'Quasi' }, true],
    [{ StringEquals: { 'ACAD:piiclass': 'quasi' } }, { 'acad:PiiClass': 'quasi' }, true],
    [{ StringNotEquals: { 'acad:PiiClass': 'direct' } }, { 'acad:PiiClass': 'quasi' }, true],
    [{ StringNotEquals: { 'acad:PiiClass': ['direct', 'quasi'] } }, { 'acad:PiiClass': 'quasi' }, false],
    [{ StringLike: { 'acad:Dataset': 'admissions_*' } }, { 'acad:Dataset': 'admissions_funnel' }, true],
    [{ StringNotLike: { 'acad:Dataset': 'admissions_*' } }, { 'acad:Dataset': 'attendance_weekly' }, true],
    [{ Bool: { 'acad:SmallCellSuppressed': true } }, { 'acad:SmallCellSuppressed': true }, true],
    [{ Bool: { 'acad:SmallCellSuppressed': 'true' } }, { 'acad:SmallCellSuppressed': 'TRUE' }, true],
    [{ Bool: { 'acad:SmallCellSuppressed': true } }, { 'acad:SmallCellSuppressed': false }, false],
    [{ NumericLessThan: { 'acad:RowCount': 5 } }, { 'acad:RowCount': 4 }, true],
    [{ NumericLessThan: { 'acad:RowCount': '5' } }, { 'acad:RowCount': 5 }, false],
    [{ NumericLessThanEquals: { 'acad:RowCount': 5 } }, { 'acad:RowCount': '5' }, true],
    [{ NumericGreaterThan: { 'acad:RowCount': 5 } }, { 'acad:RowCount': 6 }, true],
    [{ NumericGreaterThanEquals: { 'acad:RowCount': 5 } }, { 'acad:RowCount': 4 }, false],
    [{ NumericEquals: { 'acad:RowCount': 5 } }, { 'acad:RowCount': 'five' }, false],
    [{ NumericNotEquals: { 'acad:RowCount': 5 } }, { 'acad:RowCount': 6 }, true],
    // Operators AND together.
    [{ StringEquals: { 'acad:PiiClass': 'sensitive' }, Bool: { 'acad:Masked': true } }, { 'acad:PiiClass': 'sensitive' }, false],
    [
      { StringEquals: { 'acad:PiiClass': 'sensitive' }, Bool: { 'acad:Masked': true } },
      { 'acad:PiiClass': 'sensitive', 'acad:Masked': true },
      true,
    ],
  ])('%j with %j → %s', (condition, context, expected) => {
    expect(conditionsHold(condition, context)).toBe(expected);
  });

  describe('a key missing from the context (IAM semantics)', () => {
    it.each([
      [{ StringEquals: { 'acad:PiiClass': 'none' } }, false],
      [{ StringLike: { 'acad:PiiClass': '*' } }, false],
      [{ Bool: { 'acad:Masked': false } }, false],
      [{ NumericLessThan: { 'acad:RowCount': 5 } }, false],
      [{ StringNotEquals: { 'acad:PiiClass': 'none' } }, true],
      [{ 'ForAnyValue:StringEquals': { 'acad:Groups': 'x' } }, false],
      [{ 'ForAllValues:StringEquals': { 'acad:Groups': 'x' } }, true],
      [{ Null: { 'acad:PiiClass': true } }, true],
      [{ Null: { 'acad:PiiClass': false } }, false],
    ])('%j → %s', (condition, expected) => {
      expect(conditionsHold(condition, {})).toBe(expected);
    });
  });

  it('qualifies multi-valued keys with ForAnyValue and ForAllValues', () => {
    const context = { 'acad:Groups': ['staff', 'registry'] };
    expect(conditionsHold({ 'ForAnyValue:StringEquals': { 'acad:Groups': 'registry' } }, context)).toBe(true);
    expect(conditionsHold({ 'ForAllValues:StringEquals': { 'acad:Groups': 'registry' } }, context)).toBe(false);
    expect(conditionsHold({ 'ForAllValues:StringEquals': { 'acad:Groups': ['registry', 'staff'] } }, context)).toBe(true);
    expect(conditionsHold({ StringEquals: { 'acad:Groups': 'staff' } }, context)).toBe(true);
    expect(conditionsHold({ StringNotEquals: { 'acad:Groups': 'staff' } }, context)).toBe(false);
  });
});
