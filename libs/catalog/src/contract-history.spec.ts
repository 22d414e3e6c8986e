import { AttendanceContract, column, type DatasetContract } from '@acad/schemas';
import { ContractVersionConflict, IncompatibleSchemaChange } from './catalog-errors';
import { planContractRecord, type ContractVersionRecord } from './contract-history';

const at = '2025-09-02T10:00:00.000Z';

function recorded(contract: DatasetContract): ContractVersionRecord[] {
  const plan = planContractRecord(contract, [], {}, at);
  return plan.record ? [plan.record] : [];
}

function withColumns(version: number, columns: DatasetContract['columns']): DatasetContract {
  return { ...AttendanceContract, version, columns };
}

describe('planContractRecord', () => {
  const v1 = recorded(AttendanceContract);

  it('records the first version with portable column types', () => {
    expect(v1).toHaveLength(1);
    expect(v1[0]).toMatchObject({ version: 1, recordedAt: at, changes: [] });
    expect(v1[0].columns.find((c) => c.name === 'minutes_late')).toEqual({
      name: 'minutes_late',
      type: 'bigint',
      required: false,
      pii: 'none',
    });
  });

  it('is a no-op for the same version with the same columns', () => {
    expect(planContractRecord(AttendanceContract, v1, {}, at)).toEqual({ result: { recorded: false, version: 1, changes: [] } });
  });

  it('records a new optional column as a compatible new version', () => {
    const v2 = withColumns(2, [...AttendanceContract.columns, column('room', 'text', 'Room of the session.')]);
    const plan = planContractRecord(v2, v1, {}, at);
    expect(plan.result).toEqual({
      recorded: true,
      version: 2,
      changes: [{ column: 'room', kind: 'added-optional', detail: 'was added as optional' }],
    });
    expect(plan.record?.columns.at(-1)).toEqual({ name: 'room', type: 'string', required: false, pii: 'none' });
    expect(plan.record?.migration).toBeUndefined();
  });

  it.each([
    [
      'a removed column',
      withColumns(
        2,
        AttendanceContract.columns.filter((c) => c.name !== 'source_system'),
      ),
      'source_system',
      'removed',
    ],
    [
      'a retyped column',
      withColumns(
        2,
        AttendanceContract.columns.map((c) => (c.name === 'minutes_late' ? { ...c, type: 'decimal' as const, scale: 1 } : c)),
      ),
      'minutes_late',
      'retyped',
    ],
    [
      'a new required column',
      withColumns(2, [...AttendanceContract.columns, column('room', 'text', 'Room.', { required: true })]),
      'room',
      'added-required',
    ],
  ])('refuses %s with SCHEMA_INCOMPATIBLE naming the column', (_what, next, columnName, kind) => {
    let thrown: unknown;
    try {
      planContractRecord(next, v1, {}, at);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IncompatibleSchemaChange);
    const error = thrown as IncompatibleSchemaChange;
    expect(error.code).toBe('SCHEMA_INCOMPATIBLE');
    expect(error.message).toContain(`"${columnName}"`);
    expect(error.changes).toEqual([expect.objectContaining({ column: columnName, kind })]);
  });

  it('records a forced incompatible change with its migration, but not force without a migration', () => {
    const v2 = withColumns(
      2,
      AttendanceContract.columns.filter((c) => c.name !== 'source_system'),
    );
    expect(() => planContractRecord(v2, v1, { force: true }, at)).toThrow(IncompatibleSchemaChange);
    const plan = planContractRecord(v2, v1, { force: true, migration: 'drop source_system from trusted files' }, at);
    expect(plan.record).toMatchObject({ version: 2, migration: 'drop source_system from trusted files' });
    expect(plan.result.changes).toEqual([{ column: 'source_system', kind: 'removed', detail: 'was removed' }]);
  });

  it('refuses a column change that keeps the version number, or an older version', () => {
    const sameVersion = withColumns(1, [...AttendanceContract.columns, column('room', 'text', 'Room.')]);
    expect(() => planContractRecord(sameVersion, v1, {}, at)).toThrow(ContractVersionConflict);
    const v2 = planContractRecord(withColumns(2, sameVersion.columns), v1, {}, at).record as ContractVersionRecord;
    const older = withColumns(
      1,
      AttendanceContract.columns.filter((c) => c.name !== 'status'),
    );
    expect(() => planContractRecord(older, [...v1, v2], {}, at)).toThrow(expect.objectContaining({ code: 'CONTRACT_VERSION_CONFLICT' }));
  });
});
