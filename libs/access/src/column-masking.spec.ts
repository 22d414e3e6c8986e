import { AdmissionsContract, PII_CLASSES, StudentsContract, column, type PiiClass } from '@acad/schemas';
import { AccessDenied } from './access-errors';
import { visibleColumns, type ColumnTreatment } from './column-masking';
import { parsePolicyDocument } from './policy-document';
import { ROLE_NAMES, type Role } from './roles';

// One column per PII class, as an aggregate curated product every role may read (suppressed).
const everyClass = {
  name: 'admissions_demographics',
  columns: PII_CLASSES.map((pii) => column(`col_${pii}`, 'text', `a ${pii} column`, { pii })),
};
const SUPPRESSED = { context: { 'acad:SmallCellSuppressed': true } };

// prettier-ignore
const MASKING: Record<PiiClass, Record<Role, ColumnTreatment>> = {
  none:       { admin: 'show', registrar: 'show', analyst: 'show',   viewer: 'show',   public: 'show' },
  identifier: { admin: 'show', registrar: 'show', analyst: 'show',   viewer: 'remove', public: 'remove' },
  direct:     { admin: 'mask', registrar: 'show', analyst: 'remove', viewer: 'remove', public: 'remove' },
  sensitive:  { admin: 'show', registrar: 'show', analyst: 'mask',   viewer: 'remove', public: 'remove' },
  quasi:      { admin: 'show', registrar: 'show', analyst: 'show',   viewer: 'remove', public: 'remove' },
};

describe('visibleColumns', () => {
  const cases = PII_CLASSES.flatMap((pii) => ROLE_NAMES.map((role) => ({ role, pii, expected: MASKING[pii][role] })));
  it.each(cases)('$role sees a $pii column as $expected', ({ role, pii, expected }) => {
    const plan = visibleColumns(role, everyClass, 'curated', SUPPRESSED);
    expect(plan.find((c) => c.pii === pii)).toEqual({ name: `col_${pii}`, pii, treatment: expected });
  });

  it('plans every column of a trusted contract for the analyst, in contract order', () => {
    const plan = visibleColumns('analyst', StudentsContract, 'trusted');
    expect(plan.map((c) => [c.name, c.treatment])).toEqual([
      ['student_id', 'show'],
      ['first_name', 'remove'],
      ['last_name', 'remove'],
      ['email', 'remove'],
      ['program_code', 'show'],
      ['cohort_year', 'show'],
      ['status', 'show'],
    ]);
  });

  it('shows the registrar direct identifiers (decrypted) and sensitive columns in trusted', () => {
    const plan = visibleColumns('registrar', AdmissionsContract, 'trusted');
    expect(plan.every((c) => c.treatment === 'show')).toBe(true);
    expect(plan.find((c) => c.name === 'gender')?.pii).toBe('sensitive');
  });

  it('masks direct identifiers for admin in trusted and in the unprocessed zones, and shows the rest', () => {
    for (const zone of ['trusted', 'raw', 'quarantine'] as const) {
      const plan = visibleColumns('admin', AdmissionsContract, zone);
      const direct = plan.filter((c) => c.pii === 'direct');
      expect(direct.map((c) => c.name)).toEqual(['first_name', 'last_name', 'email', 'phone', 'date_of_birth']);
      expect(direct.every((c) => c.treatment === 'mask')).toBe(true);
      expect(plan.filter((c) => c.pii !== 'direct').every((c) => c.treatment === 'show')).toBe(true);
    }
  });

  it('refuses a dataset whose rows the subject may not read', () => {
    expect(() => visibleColumns('viewer', StudentsContract, 'trusted')).toThrow(AccessDenied);
    expect(() => visibleColumns('registrar', StudentsContract, 'raw')).toThrow(
      new AccessDenied('acad:ReadRows', 'acad:dataset/raw/students', 'ExplicitDeny'),
    );
    // The public role reads aggregate rows only when suppression is applied.
    expect(() => visibleColumns('public', everyClass, 'curated')).toThrow(
      new AccessDenied('acad:ReadRows', 'acad:dataset/curated/admissions_demographics', 'ImplicitDeny'),
    );
  });

  it('follows custom policies, not role names', () => {
    const custom = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'acad:ReadRows', Resource: 'acad:dataset/trusted/admissions' },
        { Effect: 'Allow', Action: 'acad:ViewPii', Resource: '*', Condition: { StringEquals: { 'acad:PiiClass': ['none', 'direct'] } } },
        { Effect: 'Allow', Action: 'acad:ViewPii', Resource: '*', Condition: { Bool: { 'acad:Masked': true } } },
        { Effect: 'Deny', Action: 'acad:ViewPii', Resource: '*', Condition: { StringEquals: { 'acad:PiiClass': 'sensitive' } } },
      ],
    });
    const treatments = Object.fromEntries(visibleColumns([custom], AdmissionsContract, 'trusted').map((c) => [c.pii, c.treatment]));
    expect(treatments).toEqual({ none: 'show', direct: 'show', sensitive: 'remove', quasi: 'mask' });
  });
});
