import { datasetResource } from './platform-resources';
import { parsePolicyDocument } from './policy-document';
import { ROLE_NAMES, type Role } from './roles';
import { rowAccess, type RowAccess } from './row-access';

describe('rowAccess', () => {
  // prettier-ignore
  const expected: Record<Role, [weekly: RowAccess, risk: RowAccess, trusted: RowAccess]> = {
    admin:     ['allowed',                  'allowed', 'allowed'],
    registrar: ['allowed',                  'allowed', 'allowed'],
    analyst:   ['allowed',                  'allowed', 'allowed'],
    viewer:    ['allowed-with-suppression', 'allowed-with-suppression', 'denied'],
    public:    ['allowed-with-suppression', 'denied',  'denied'],
  };
  const resources = [
    datasetResource('curated', 'attendance_weekly'),
    datasetResource('curated', 'student_attendance_risk'),
    datasetResource('trusted', 'attendance'),
  ];

  it.each(ROLE_NAMES)('%s: suppression is required only where the policy says so', (role) => {
    for (const action of ['acad:ReadRows', 'acad:Download'] as const) {
      expect(resources.map((r) => rowAccess(role, action, r))).toEqual(expected[role]);
    }
  });

  it('reads the requirement from any policy that conditions on acad:SmallCellSuppressed', () => {
    const custom = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'acad:ReadRows', Resource: '*', Condition: { Bool: { 'acad:SmallCellSuppressed': 'true' } } }],
    });
    expect(rowAccess([custom], 'acad:ReadRows', datasetResource('trusted', 'attendance'))).toBe('allowed-with-suppression');
    expect(rowAccess([custom], 'acad:Download', datasetResource('trusted', 'attendance'))).toBe('denied');
  });
});
