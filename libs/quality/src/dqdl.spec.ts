import fc from 'fast-check';
import { parseDqdl } from './parse-dqdl';
import { DqdlSyntaxError, DqdlUnrepresentable } from './quality-errors';
import type { Rule, Threshold, ValueCondition } from './rule';
import { dqdlRuleText, toDqdl } from './to-dqdl';

const withoutIds = (rules: Rule[]): Omit<Rule, 'id'>[] => rules.map(({ id: _id, ...rest }) => rest);

function syntaxError(text: string): DqdlSyntaxError {
  try {
    parseDqdl(text);
  } catch (error) {
    if (error instanceof DqdlSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a DqdlSyntaxError');
}

describe('toDqdl', () => {
  const rules: Rule[] = [
    { type: 'IsComplete', id: 'a.student_id.required', severity: 'error', column: 'student_id' },
    {
      type: 'ColumnValues',
      id: 'a.status.enum',
      severity: 'error',
      column: 'status',
      condition: { kind: 'in', values: ['present', 'absent'], allowNull: false },
    },
    { type: 'IsPrimaryKey', id: 'a.key', severity: 'error', columns: ['a', 'b'] },
    { type: 'RowCount', id: 'a.rows', severity: 'error', threshold: { op: '>', value: 0 } },
    { type: 'ColumnValues', id: 'a.x.pattern', severity: 'error', column: 'x', condition: { kind: 'matches', pattern: '^S[0-9]{7}$' } },
    {
      type: 'ColumnValues',
      id: 'a.m.range',
      severity: 'error',
      column: 'm',
      condition: { kind: 'compare', threshold: { op: 'between', value: [0, 300] } },
    },
    { type: 'Completeness', id: 'a.c', severity: 'warn', column: 'c', threshold: { op: '>=', value: 0.95 } },
  ];

  it('writes the DQDL of each rule, one per line', () => {
    expect(toDqdl(rules, { annotate: false })).toBe(
      [
        'Rules = [',
        '  IsComplete "student_id",',
        '  ColumnValues "status" in ["present", "absent"],',
        '  IsPrimaryKey "a" "b",',
        '  RowCount > 0,',
        '  ColumnValues "x" matches "^S[0-9]{7}$",',
        '  ColumnValues "m" between 0 and 300,',
        '  Completeness "c" >= 0.95',
        ']',
        '',
      ].join('\n'),
    );
  });

  it('writes where, with threshold, NULL, references and custom SQL', () => {
    const text = toDqdl(
      [
        {
          type: 'ColumnValues',
          id: 'g',
          severity: 'error',
          column: 'gender',
          condition: { kind: 'in', values: ['f', 'm'], allowNull: true },
        },
        {
          type: 'ColumnLength',
          id: 's',
          severity: 'error',
          column: 'section',
          length: { op: '<=', value: 4 },
          where: 'section IS NOT NULL',
        },
        {
          type: 'ReferentialIntegrity',
          id: 'r1',
          severity: 'warn',
          columns: ['student_id'],
          reference: { dataset: 'students', columns: ['student_id'] },
          threshold: { op: '=', value: 1 },
        },
        {
          type: 'ReferentialIntegrity',
          id: 'r2',
          severity: 'warn',
          columns: ['course_code', 'section'],
          reference: { dataset: 'courses', columns: ['code', 'sec'] },
          threshold: { op: '>=', value: 0.9 },
        },
        {
          type: 'CustomSql',
          id: 'q',
          severity: 'error',
          sql: 'select count(*) from primary where note = "x\\y"',
          threshold: { op: 'between', value: [-1, 0.0000001] },
        },
      ],
      { annotate: false },
    );
    expect(text.split('\n').slice(1, 6)).toEqual([
      '  ColumnValues "gender" in ["f", "m", NULL],',
      '  ColumnLength "section" <= 4 where "section IS NOT NULL",',
      '  ReferentialIntegrity "student_id" "students.student_id" = 1,',
      '  ReferentialIntegrity "course_code,section" "courses.{code,sec}" >= 0.9,',
      '  CustomSql "select count(*) from primary where note = \\"x\\\\y\\"" between -1 and 0.0000001',
    ]);
  });

  it('annotates each rule with its id and severity in a comment', () => {
    expect(toDqdl([rules[6]])).toBe('Rules = [\n  # @rule a.c warn\n  Completeness "c" >= 0.95\n]\n');
  });

  it('refuses rules DQDL cannot express', () => {
    const bad: Rule = {
      type: 'ReferentialIntegrity',
      id: 'r',
      severity: 'error',
      columns: ['a,b'],
      reference: { dataset: 's', columns: ['x'] },
      threshold: { op: '=', value: 1 },
    };
    expect(() => toDqdl([bad])).toThrow(DqdlUnrepresentable);
    const empty: Rule = {
      type: 'ColumnValues',
      id: 'e',
      severity: 'error',
      column: 'c',
      condition: { kind: 'in', values: [], allowNull: false },
    };
    expect(() => toDqdl([empty])).toThrow(/empty "in" list/);
  });

  it('round-trips: parse(toDqdl(rules)) gives the rules back, ids and severities included', () => {
    expect(parseDqdl(toDqdl(rules))).toEqual(rules);
    expect(withoutIds(parseDqdl(toDqdl(rules, { annotate: false })))).toEqual(withoutIds(rules.map((r) => ({ ...r, severity: 'error' }))));
  });
});

describe('parseDqdl', () => {
  it('parses the Glue documentation forms, comments and bare identifiers', () => {
    const text = `# attendance checks
Rules = [
  IsComplete "order-id", IsUnique "order-id",
  IsPrimaryKey colA "colB" "colC",
  ColumnValues "Country" in [ "US", "CA", "UK", NULL ],
  ColumnValues "First_Name" matches "[a-zA-Z]*",
  ColumnValues "Customer_ID" between 1 and 2000,
  ColumnValues "colA" in ["A", "B"] with threshold > 0.8,
  ReferentialIntegrity "city,state" "reference.{ref_city,ref_state}" = 1.0,
  CustomSql "select count(*) from primary" between 10 and 20,
  Mean "Star_Rating" > 3, DistinctValuesCount "State" > 3, Sum "x" < -2.5
]`;
    const rules = parseDqdl(text);
    expect(rules.map((r) => r.type)).toEqual([
      'IsComplete',
      'IsUnique',
      'IsPrimaryKey',
      'ColumnValues',
      'ColumnValues',
      'ColumnValues',
      'ColumnValues',
      'ReferentialIntegrity',
      'CustomSql',
      'Mean',
      'DistinctValuesCount',
      'Sum',
    ]);
    expect(rules[0]).toEqual({ type: 'IsComplete', id: 'rule-1', severity: 'error', column: 'order-id' });
    expect(rules[2]).toMatchObject({ columns: ['colA', 'colB', 'colC'] });
    expect(rules[3]).toMatchObject({ condition: { kind: 'in', values: ['US', 'CA', 'UK'], allowNull: true } });
    expect(rules[6]).toMatchObject({ threshold: { op: '>', value: 0.8 }, condition: { kind: 'in', values: ['A', 'B'], allowNull: false } });
    expect(rules[7]).toMatchObject({
      columns: ['city', 'state'],
      reference: { dataset: 'reference', columns: ['ref_city', 'ref_state'] },
      threshold: { op: '=', value: 1 },
    });
    expect(rules[11]).toMatchObject({ threshold: { op: '<', value: -2.5 } });
  });

  it('parses the Glue documentation forms of the newer rule types', () => {
    const rules = parseDqdl(`Rules = [
      ColumnCount >= 3,
      ColumnExists "colA",
      UniqueValueRatio "Customer_ID" between 0 and 0.9 where "Customer_ID < 10",
      Entropy "First_Name" > 1  where "Customer_ID < 10",
      ColumnCorrelation "colA" "colB" > 0.8,
      DataFreshness "Order_Date" <= 24 hours,
      DataFreshness "Order_Date" between 2 days and 5 days,
      SchemaMatch "reference" = 1.0,
      DetectAnomalies "RowCount",
      DetectAnomalies "Completeness" "id",
      (IsComplete "id") and (IsUnique "id"),
      (RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA")),
      (DataFreshness "Order_Date" <= 24 hours) OR (ColumnValues "Order_Date" in [NULL])
    ]`);
    expect(rules.map((r) => r.type)).toEqual([
      'ColumnCount',
      'ColumnExists',
      'UniqueValueRatio',
      'Entropy',
      'ColumnCorrelation',
      'DataFreshness',
      'DataFreshness',
      'SchemaMatch',
      'DetectAnomalies',
      'DetectAnomalies',
      'Composite',
      'Composite',
      'Composite',
    ]);
    expect(rules[2]).toMatchObject({ threshold: { op: 'between', value: [0, 0.9] }, where: 'Customer_ID < 10' });
    expect(rules[6]).toMatchObject({ age: { op: 'between', value: [2, 5] }, unit: 'days' });
    expect(rules[9]).toEqual({
      id: 'rule-10',
      severity: 'error',
      type: 'DetectAnomalies',
      metric: { type: 'Completeness', column: 'id' },
      k: 3,
      minHistory: 5,
    });
    expect(rules[11]).toEqual({
      id: 'rule-12',
      severity: 'error',
      type: 'Composite',
      operator: 'or',
      rules: [
        { id: 'rule-12.1', severity: 'error', type: 'RowCount', threshold: { op: '>', value: 0 } },
        {
          id: 'rule-12.2',
          severity: 'error',
          type: 'Composite',
          operator: 'and',
          rules: [
            { id: 'rule-12.2.1', severity: 'error', type: 'IsComplete', column: 'colA' },
            { id: 'rule-12.2.2', severity: 'error', type: 'IsUnique', column: 'colA' },
          ],
        },
      ],
    });
    expect(toDqdl([rules[11]], { annotate: false })).toBe(
      'Rules = [\n  (RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA"))\n]\n',
    );
  });

  it('keeps DetectAnomalies options in the @rule comment', () => {
    const rule: Rule = {
      id: 'rows.anomaly',
      severity: 'warn',
      type: 'DetectAnomalies',
      metric: { type: 'RowCount' },
      k: 2.5,
      minHistory: 7,
    };
    const text = toDqdl([rule]);
    expect(text).toBe('Rules = [\n  # @rule rows.anomaly warn k=2.5 minHistory=7\n  DetectAnomalies "RowCount"\n]\n');
    expect(parseDqdl(text)).toEqual([rule]);
  });

  it('keeps labels: the ruleset defaults, overridden by the rule labels, and those of a group in parentheses', () => {
    const rules = parseDqdl(`DefaultLabels = ["team"="registry", "tier"="silver"]
Rules = [
  IsComplete "a" labels=["tier"="gold"],
  ((IsComplete "a") and (IsUnique "a")) labels=["owner"="x"]
]
`);
    const team = { key: 'team', value: 'registry' };
    const silver = { key: 'tier', value: 'silver' };
    expect(rules[0]).toEqual({
      id: 'rule-1',
      severity: 'error',
      type: 'IsComplete',
      column: 'a',
      labels: [team, { key: 'tier', value: 'gold' }],
    });
    expect(rules[1]).toMatchObject({
      type: 'Composite',
      labels: [team, silver, { key: 'owner', value: 'x' }],
      rules: [
        { type: 'IsComplete', labels: [team, silver] },
        { type: 'IsUnique', labels: [team, silver] },
      ],
    });
    expect(toDqdl([rules[1]], { annotate: false })).toBe(
      'Rules = [\n  ((IsComplete "a" labels=["team"="registry", "tier"="silver"]) and (IsUnique "a" labels=["team"="registry", "tier"="silver"])) labels=["team"="registry", "tier"="silver", "owner"="x"]\n]\n',
    );
    expect(parseDqdl(toDqdl(rules))).toEqual(rules);
  });

  it('writes the ruleset default labels on the rules it keeps but does not evaluate', () => {
    const rules = parseDqdl(
      'DefaultLabels = ["team"="registry"]\nRules = [ FileSize < 5 GB, (FileSize > 1 B) and (FileUniqueness > 0.5) ]\n',
    );
    expect(toDqdl(rules, { annotate: false })).toBe(
      [
        'Rules = [',
        '  FileSize < 5 GB labels=["team"="registry"],',
        '  ((FileSize > 1 B labels=["team"="registry"]) and (FileUniqueness > 0.5 labels=["team"="registry"])) labels=["team"="registry"]',
        ']',
        '',
      ].join('\n'),
    );
    expect(parseDqdl(toDqdl(rules))).toEqual(rules);
  });

  it('refuses an empty ruleset, as the official parser does', () => {
    expect(syntaxError('Rules = [ ]').message).toContain('line 1, column 1: no rules or analyzers');
    expect(() => toDqdl([])).toThrow(DqdlUnrepresentable);
  });

  it('accepts and/or without parentheses, "and" binding tighter, and keeps what it does not evaluate', () => {
    const [mixed, bare, anomaly, match, reference] = parseDqdl(`Rules = [
      (IsComplete "a") and (IsUnique "a") or (RowCount > 1),
      (IsComplete "a") and IsUnique "a",
      DetectAnomalies "Median" "x",
      DatasetMatch "ref" "id" >= 0.9,
      ReferentialIntegrity "a,b" "ref.x" = 1
    ]`);
    expect(mixed).toMatchObject({
      type: 'Composite',
      operator: 'or',
      rules: [{ type: 'Composite', operator: 'and' }, { type: 'RowCount' }],
    });
    expect(bare).toMatchObject({ type: 'Composite', operator: 'and', rules: [{ type: 'IsComplete' }, { type: 'IsUnique' }] });
    expect(anomaly).toMatchObject({ type: 'NotEvaluated', reason: 'DetectAnomalies of Median is not evaluated here' });
    expect(match).toMatchObject({ type: 'NotEvaluated', reason: 'DatasetMatch is not evaluated here' });
    expect(reference).toMatchObject({ type: 'NotEvaluated', reason: 'ReferentialIntegrity needs one reference column per column' });
    expect(toDqdl([match, reference], { annotate: false })).toBe(
      'Rules = [\n  DatasetMatch "ref" "id" >= 0.9,\n  ReferentialIntegrity "a,b" "ref.x" = 1\n]\n',
    );
  });

  it.each([
    ['Rules = [\n  IsComplete "a",\n  IsComplete ,\n]', 4, 1, 'expected a rule type such as IsComplete or ColumnValues'],
    ['Rules = [ RowCount 5 ]', 1, 20, 'expected "," or "]" after a rule'],
    ['Rules = [ IsComplete "a" IsComplete "b" ]', 1, 11, 'IsComplete does not take 3 parameter(s)'],
    ['Rules = [ Frobnicate "a" ]', 1, 11, 'unknown rule type "Frobnicate"'],
    ['Rules = [ DataFreshness "d" <= 24 weeks ]', 1, 35, 'expected "," or "]" after a rule'],
    ['Rules = [ DataFreshness "d" <= 1.5 hours ]', 1, 36, 'expected "," or "]" after a rule'],
    ['Rules = [ ColumnLength "c" > 3 with threshold > 0.5 ]', 1, 11, 'ColumnLength takes no "with threshold"'],
    ['Rules = [ IsComplete "c" where "" ]', 1, 11, 'the where clause of IsComplete is empty'],
    ['Rules = [\n  ColumnValues "c" between 1 2\n]', 2, 30, 'expected "and" between the two bounds'],
    ['Rules = [ ColumnValues "c" in ["a" "b"] ]', 1, 36, 'expected "," or "]" in the list of values'],
    ['Rules = [ IsComplete "a ]', 1, 22, 'unterminated string'],
    ['Rulez = [ ]', 1, 11, 'expected a quoted value'],
    ['Rules = [ IsComplete "a" ] extra', 1, 28, 'expected the end of the ruleset'],
  ])('reports %j at line %i, column %i', (text, line, column, message) => {
    const error = syntaxError(text);
    expect(error.code).toBe('DQDL_SYNTAX');
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message).toContain(`line ${line}, column ${column}: ${message}`);
  });

  it('toDqdl(parseDqdl(text)) is stable', () => {
    const text = 'Rules = [ IsComplete "a", ColumnValues "s" in ["x"] where "s > 1" with threshold >= 0.5, Uniqueness "u" > 0.9 ]';
    const once = toDqdl(parseDqdl(text));
    expect(toDqdl(parseDqdl(once))).toBe(once);
  });
});

describe('DQDL round trip (property)', () => {
  // Texts the official lexer would read as a date or a time of day are not names (toDqdl refuses them).
  const text = fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((s) => !/[\r\n]/.test(s) && !/^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2} (AM|PM)|[0-9]{2}:[0-9]{2})$/.test(s));
  const plainName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
  const num = fc
    .oneof(fc.integer({ min: -1000, max: 100000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
    .map((v) => (v === 0 ? 0 : v)); // -0 is written as 0
  const threshold: fc.Arbitrary<Threshold> = fc.oneof(
    fc.record({ op: fc.constantFrom('>', '>=', '<', '<=', '=' as const), value: num }),
    fc.tuple(num, num).map(([a, b]): Threshold => ({ op: 'between', value: [Math.min(a, b), Math.max(a, b)] })),
  );
  const whole = fc.integer({ min: 0, max: 10000 });
  const wholeThreshold: fc.Arbitrary<Threshold> = fc.oneof(
    fc.record({ op: fc.constantFrom('>', '>=', '<', '<=', '=' as const), value: whole }),
    fc.tuple(whole, whole).map(([a, b]): Threshold => ({ op: 'between', value: [Math.min(a, b), Math.max(a, b)] })),
  );
  const severity = fc.constantFrom('error' as const, 'warn' as const);
  const condition: fc.Arbitrary<ValueCondition> = fc.oneof(
    fc.record({ kind: fc.constant('in' as const), values: fc.array(text, { minLength: 1, maxLength: 4 }), allowNull: fc.boolean() }),
    fc.record({ kind: fc.constant('matches' as const), pattern: text }),
    fc.record({ kind: fc.constant('compare' as const), threshold }),
  );
  const rule: fc.Arbitrary<Omit<Rule, 'id'>> = fc.oneof(
    fc.record({ type: fc.constant('RowCount' as const), severity, threshold }),
    fc.record({ type: fc.constantFrom('IsComplete' as const, 'IsUnique' as const), severity, column: text }),
    fc.record({
      type: fc.constantFrom(
        'Completeness' as const,
        'Uniqueness' as const,
        'Mean' as const,
        'Sum' as const,
        'StandardDeviation' as const,
        'DistinctValuesCount' as const,
      ),
      severity,
      column: text,
      threshold,
    }),
    fc.record({ type: fc.constant('IsPrimaryKey' as const), severity, columns: fc.array(text, { minLength: 1, maxLength: 3 }) }),
    fc.record(
      { type: fc.constant('ColumnValues' as const), severity, column: text, condition, where: text, threshold },
      { requiredKeys: ['type', 'severity', 'column', 'condition'] },
    ),
    fc.record(
      { type: fc.constant('ColumnLength' as const), severity, column: text, length: threshold, where: text },
      { requiredKeys: ['type', 'severity', 'column', 'length'] },
    ),
    fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        type: fc.constant('ReferentialIntegrity' as const),
        severity,
        columns: fc.array(plainName, { minLength: n, maxLength: n }),
        reference: fc.record({ dataset: plainName, columns: fc.array(plainName, { minLength: n, maxLength: n }) }),
        threshold,
      }),
    ),
    fc.record({ type: fc.constant('CustomSql' as const), severity, sql: text, threshold }),
    fc.record({ type: fc.constant('RowCount' as const), severity, threshold, where: text }),
    fc.record({ type: fc.constant('ColumnCount' as const), severity, threshold }),
    fc.record({ type: fc.constant('ColumnExists' as const), severity, column: text }),
    fc.record(
      { type: fc.constantFrom('UniqueValueRatio' as const, 'Entropy' as const), severity, column: text, threshold, where: text },
      { requiredKeys: ['type', 'severity', 'column', 'threshold'] },
    ),
    fc.record({ type: fc.constantFrom('IsComplete' as const, 'IsUnique' as const), severity, column: text, where: text }),
    fc.record({ type: fc.constant('ColumnCorrelation' as const), severity, columns: fc.tuple(text, text), threshold }),
    fc.record({
      type: fc.constant('DataFreshness' as const),
      severity,
      column: text,
      age: wholeThreshold,
      unit: fc.constantFrom('minutes' as const, 'hours' as const, 'days' as const),
    }),
    fc.record({ type: fc.constant('SchemaMatch' as const), severity, reference: text, threshold }),
    fc.record({ type: fc.constant('ColumnNamesMatchPattern' as const), severity, pattern: text }),
    fc.record({
      type: fc.constant('DetectAnomalies' as const),
      severity,
      metric: fc.oneof(
        fc.record({ type: fc.constantFrom('RowCount' as const, 'ColumnCount' as const) }),
        fc.record({ type: fc.constantFrom('Completeness' as const, 'Mean' as const, 'Entropy' as const), column: text }),
      ),
      k: fc.double({ min: 0.5, max: 10, noNaN: true }),
      minHistory: fc.integer({ min: 1, max: 30 }),
    }),
  ) as fc.Arbitrary<Omit<Rule, 'id'>>;
  /** A composite of plain rules (children take the parent's severity and `<id>.<n>` ids, as parsing gives them). */
  const composite = fc
    .tuple(
      fc.constantFrom('and' as const, 'or' as const),
      severity,
      fc.array(
        rule.filter((r) => r.type !== 'DetectAnomalies'),
        { minLength: 2, maxLength: 3 },
      ),
    )
    .map(([operator, sev, children]) => ({ type: 'Composite' as const, operator, severity: sev, children }));

  it('parse(toDqdl(rules)) deep-equals rules', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(rule, composite), { minLength: 1, maxLength: 6 }), (drafts) => {
        const rules = drafts.map((draft, i): Rule => {
          if (!('children' in draft)) return { ...draft, id: `r.${i}` } as Rule;
          const { children, ...parent } = draft;
          return {
            ...parent,
            id: `r.${i}`,
            rules: children.map((c, n) => ({ ...c, id: `r.${i}.${n + 1}`, severity: parent.severity }) as Rule),
          };
        });
        expect(parseDqdl(toDqdl(rules))).toEqual(rules);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dqdlRuleText', () => {
  it('writes one rule as it stands in its ruleset, without the annotation', () => {
    const rules = parseDqdl(
      'Rules = [\n  # @rule a.ref warn\n  ReferentialIntegrity "student_id" "students.student_id" = 1,\n  IsComplete "section" where "status = \'late\'"\n]',
    );
    expect(rules.map(dqdlRuleText)).toEqual([
      'ReferentialIntegrity "student_id" "students.student_id" = 1',
      'IsComplete "section" where "status = \'late\'"',
    ]);
  });
});
