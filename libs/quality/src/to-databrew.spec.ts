import { CreateRulesetCommand, DataBrewClient } from '@aws-sdk/client-databrew';
import { mockClient } from 'aws-sdk-client-mock';
import { AdmissionsContract, AttendanceContract } from '@acad/schemas';
import type { Rule } from './rule';
import { datasetRules } from './rules-from-contract';
import { toDataBrewRuleset } from './to-databrew';

/** Constraints of the DataBrew API reference (Rule, Threshold, ColumnSelector, CreateRuleset). */
const CHECK_EXPRESSION = /^[<>0-9A-Za-z_.,:)(!= ]+$/;
const SUBSTITUTION_KEY = /^:[A-Za-z0-9_]+$/;
const THRESHOLD_TYPES = ['GREATER_THAN_OR_EQUAL', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN', 'LESS_THAN'];

const options = { name: 'acad-admissions', targetArn: 'arn:aws:databrew:us-east-1:123456789012:dataset/acad-admissions' };

describe('toDataBrewRuleset', () => {
  it('writes each rule as a documented check', () => {
    const rules: Rule[] = [
      { id: 'rows', severity: 'error', type: 'RowCount', threshold: { op: '>', value: 0 } },
      { id: 'cols', severity: 'error', type: 'ColumnCount', threshold: { op: 'between', value: [5, 30] } },
      { id: 'email.required', severity: 'error', type: 'IsComplete', column: 'email' },
      { id: 'phone.completeness', severity: 'warn', type: 'Completeness', column: 'phone', threshold: { op: '>=', value: 0.95 } },
      { id: 'key', severity: 'error', type: 'IsPrimaryKey', columns: ['application_id'] },
      { id: 'gpa.mean', severity: 'error', type: 'Mean', column: 'prior_gpa', threshold: { op: '<=', value: 4 } },
      {
        id: 'status.enum',
        severity: 'error',
        type: 'ColumnValues',
        column: 'status',
        condition: { kind: 'in', values: ['offered', 'enrolled'], allowNull: false },
      },
      {
        id: 'id.pattern',
        severity: 'error',
        type: 'ColumnValues',
        column: 'application_id',
        condition: { kind: 'matches', pattern: '^A[0-9]{8}$' },
        threshold: { op: '>=', value: 0.99 },
      },
      {
        id: 'score.max',
        severity: 'error',
        type: 'ColumnValues',
        column: 'test_score',
        condition: { kind: 'compare', threshold: { op: '<=', value: 1600 } },
      },
    ];
    const { input, skipped } = toDataBrewRuleset(AdmissionsContract, rules, options);
    expect(skipped).toEqual([]);
    expect(input).toEqual({
      Name: 'acad-admissions',
      TargetArn: options.targetArn,
      Rules: [
        { Name: 'rows', Disabled: false, CheckExpression: 'AGG(ROWS_COUNT) > :val1', SubstitutionMap: { ':val1': '0' } },
        {
          Name: 'cols',
          Disabled: false,
          CheckExpression: 'AGG(COLUMNS_COUNT) > :val1 and AGG(COLUMNS_COUNT) < :val2',
          SubstitutionMap: { ':val1': '5', ':val2': '30' },
        },
        {
          Name: 'email.required',
          Disabled: false,
          CheckExpression: 'AGG(MISSING_VALUES_COUNT) == :val1',
          SubstitutionMap: { ':val1': '0' },
          ColumnSelectors: [{ Name: 'email' }],
        },
        {
          Name: 'phone.completeness',
          Disabled: false,
          CheckExpression: 'AGG(MISSING_VALUES_PERCENTAGE) <= :val1',
          SubstitutionMap: { ':val1': '5' },
          ColumnSelectors: [{ Name: 'phone' }],
        },
        {
          Name: 'key',
          Disabled: false,
          CheckExpression: 'AGG(MISSING_VALUES_COUNT) == :val1 and AGG(DUPLICATE_VALUES_COUNT) == :val1',
          SubstitutionMap: { ':val1': '0' },
          ColumnSelectors: [{ Name: 'application_id' }],
        },
        {
          Name: 'gpa.mean',
          Disabled: false,
          CheckExpression: 'AGG(MEAN) <= :val1',
          SubstitutionMap: { ':val1': '4' },
          ColumnSelectors: [{ Name: 'prior_gpa' }],
        },
        {
          Name: 'status.enum',
          Disabled: false,
          CheckExpression: 'in :list1',
          SubstitutionMap: { ':list1': '["offered","enrolled"]' },
          ColumnSelectors: [{ Name: 'status' }],
          Threshold: { Value: 100, Type: 'GREATER_THAN_OR_EQUAL', Unit: 'PERCENTAGE' },
        },
        {
          Name: 'id.pattern',
          Disabled: false,
          CheckExpression: 'matches :val1',
          SubstitutionMap: { ':val1': '^A[0-9]{8}$' },
          ColumnSelectors: [{ Name: 'application_id' }],
          Threshold: { Value: 99, Type: 'GREATER_THAN_OR_EQUAL', Unit: 'PERCENTAGE' },
        },
        {
          Name: 'score.max',
          Disabled: false,
          CheckExpression: '<= :val1',
          SubstitutionMap: { ':val1': '1600' },
          ColumnSelectors: [{ Name: 'test_score' }],
          Threshold: { Value: 100, Type: 'GREATER_THAN_OR_EQUAL', Unit: 'PERCENTAGE' },
        },
      ],
    });
  });

  it('lists the rules DataBrew cannot check instead of writing something else', () => {
    const { input, skipped } = toDataBrewRuleset(AttendanceContract, datasetRules(AttendanceContract), {
      ...options,
      name: 'acad-attendance',
    });
    expect(skipped.map((s) => s.ruleId)).toEqual(expect.arrayContaining(['attendance.key', 'attendance.student_id.known_student']));
    expect(skipped.find((s) => s.ruleId === 'attendance.key')?.reason).toBe('DataBrew has no check for a key of several columns');
    expect(input.Rules?.length).toBeGreaterThan(5);
  });

  it.each([
    ['attendance', AttendanceContract],
    ['admissions', AdmissionsContract],
  ] as const)('keeps the %s ruleset within the API constraints and sends it as CreateRuleset', async (name, contract) => {
    const { input } = toDataBrewRuleset(contract, datasetRules(contract), { ...options, name: `acad-${name}` });
    for (const rule of input.Rules ?? []) {
      expect(rule.Name?.length).toBeGreaterThanOrEqual(1);
      expect(rule.Name?.length).toBeLessThanOrEqual(128);
      expect(rule.CheckExpression).toMatch(CHECK_EXPRESSION);
      expect(rule.CheckExpression?.length).toBeGreaterThanOrEqual(4);
      for (const [key, value] of Object.entries(rule.SubstitutionMap ?? {})) {
        expect(key).toMatch(SUBSTITUTION_KEY);
        expect(value.length).toBeLessThanOrEqual(1024);
        expect(rule.CheckExpression).toContain(key);
      }
      if (rule.Threshold) expect(THRESHOLD_TYPES).toContain(rule.Threshold.Type);
      // A check on selected columns names no column on its left side.
      if (rule.ColumnSelectors) expect(rule.CheckExpression).not.toMatch(/:col/);
    }
    const databrew = mockClient(DataBrewClient);
    databrew.on(CreateRulesetCommand).resolves({ Name: input.Name });
    try {
      const response = await new DataBrewClient({ region: 'us-east-1' }).send(new CreateRulesetCommand(input));
      expect(response.Name).toBe(`acad-${name}`);
      expect(databrew.commandCalls(CreateRulesetCommand)[0].args[0].input).toEqual(input);
    } finally {
      databrew.restore();
    }
  });
});
