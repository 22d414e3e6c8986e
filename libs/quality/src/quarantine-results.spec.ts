import { AttendanceContract, contractRules } from '@acad/schemas';
import type { RuleResult } from './evaluate-rules';
import { withQuarantinedRows } from './quarantine-results';

const passed = (ruleId: string, type: RuleResult['type'] = 'ColumnValues'): RuleResult => ({
  ruleId,
  type,
  severity: 'error',
  outcome: 'passed',
  metric: 1,
  threshold: { op: '=', value: 1 },
  failingRows: 0,
});

describe('withQuarantinedRows', () => {
  const contractIds = contractRules(AttendanceContract).map((r) => r.id);

  it('warns on an evaluated rule that quarantined rows, and leaves a clean one passed', () => {
    const results = [passed('attendance.status.enum'), passed('attendance.course_code.pattern')];
    const byRule = new Map([['attendance.status.enum', 3]]);
    const [status, course] = withQuarantinedRows(AttendanceContract, results, { checkedRows: 100, byRule, unparseable: 0 });
    expect(status).toMatchObject({
      ruleId: 'attendance.status.enum',
      type: 'ColumnValues',
      outcome: 'warned',
      metric: 1,
      failingRows: 0,
      quarantinedRows: 3,
    });
    expect(status.detail).toMatch(/3 row\(s\) broke it and went to quarantine/);
    expect(course).toEqual({ ...results[1], quarantinedRows: 0 });
  });

  it('keeps a failed rule failed, and never turns quarantine into a failure', () => {
    const failed: RuleResult = { ...passed('attendance.status.enum'), outcome: 'failed', metric: 0.5, failingRows: 4 };
    const out = withQuarantinedRows(AttendanceContract, [failed], {
      checkedRows: 10,
      byRule: new Map([
        ['attendance.status.enum', 2],
        ['attendance.minutes_late.type', 5],
      ]),
      unparseable: 0,
    });
    expect(out[0]).toEqual({ ...failed, quarantinedRows: 2 });
    expect(out.filter((r) => r.outcome === 'failed')).toHaveLength(1);
  });

  it('adds every contract rule the ruleset does not measure, in contract order, with its share of the checked rows', () => {
    const out = withQuarantinedRows(AttendanceContract, [passed('attendance.status.enum'), passed('attendance.key', 'IsPrimaryKey')], {
      checkedRows: 40,
      byRule: new Map([['attendance.minutes_late.type', 10]]),
      unparseable: 0,
    });
    expect(out.map((r) => r.ruleId)).toEqual([
      'attendance.status.enum',
      'attendance.key',
      'attendance.parse',
      ...contractIds.filter((id) => id !== 'attendance.status.enum'),
    ]);
    // A rule outside the contract is left exactly as it was.
    expect(out[1]).toEqual(passed('attendance.key', 'IsPrimaryKey'));
    const minutes = out.find((r) => r.ruleId === 'attendance.minutes_late.type');
    expect(minutes).toEqual({
      ruleId: 'attendance.minutes_late.type',
      type: 'ContractRule',
      severity: 'error',
      outcome: 'warned',
      metric: 0.75,
      threshold: { op: '=', value: 1 },
      failingRows: 10,
      quarantinedRows: 10,
      detail: '10 row(s) quarantined: minutes_late is not a valid integer',
    });
    expect(out.find((r) => r.ruleId === 'attendance.recorded_at.type')).toMatchObject({
      type: 'ContractRule',
      outcome: 'passed',
      metric: 1,
      failingRows: 0,
    });
  });

  it('measures 1 when no row was checked (an empty batch)', () => {
    const out = withQuarantinedRows(AttendanceContract, [], { checkedRows: 0, byRule: new Map(), unparseable: 0 });
    expect(out).toHaveLength(contractIds.length + 1);
    expect(out.every((r) => r.outcome === 'passed' && r.metric === 1)).toBe(true);
  });

  it('adds the parse: records the parser could not read are a warning, measured against all records read', () => {
    const [parse] = withQuarantinedRows(AttendanceContract, [], { checkedRows: 6, byRule: new Map(), unparseable: 2 });
    expect(parse).toEqual({
      ruleId: 'attendance.parse',
      type: 'ContractRule',
      severity: 'error',
      outcome: 'warned',
      metric: 0.75,
      threshold: { op: '=', value: 1 },
      failingRows: 2,
      quarantinedRows: 2,
      detail: '2 record(s) could not be parsed and went to quarantine (npm run acad -- quarantine attendance)',
    });
    expect(withQuarantinedRows(AttendanceContract, [], { checkedRows: 6, byRule: new Map(), unparseable: 0 })[0]).toMatchObject({
      ruleId: 'attendance.parse',
      outcome: 'passed',
      metric: 1,
    });
  });
});
